"""
Who may change people's profiles and organisations: the permissions the
newsroom's groups grant (reporters add and change them, editors also delete),
asked by the admin as the story policy is (``newsroom.policies``).
"""

from newsroom.policies import ModelPermissionPolicy

from .models import Organisation, Person

person_policy = ModelPermissionPolicy(Person)
organisation_policy = ModelPermissionPolicy(Organisation)
