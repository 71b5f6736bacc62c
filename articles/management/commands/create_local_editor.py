"""Create the local editor account that `make run` prints, once: never reset it."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

# The local editor writes and publishes (Editors) and adds the newsroom's
# other accounts (Admins): everything a laptop needs, short of a superuser.
GROUPS = ("Editors", "Admins")


class Command(BaseCommand):
    help = (
        "Create the local editor account (in the Editors and Admins groups, with a random "
        "password) if it does not exist, and print how to sign in and add a reporter. An "
        "existing account is left as it is: its password is never reset. For development "
        "machines only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Local editor account: username {username!r}, password unchanged "
                f"(set a new one with `manage.py changepassword {username}`)."
            )
        else:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username, password=password, is_staff=True)
            user.groups.add(*Group.objects.filter(name__in=GROUPS))
            self.stdout.write(
                f"Local editor account: username {username!r}, password {password!r}"
            )
        self.stdout.write(
            "To add a reporter: sign in as the editor, open Users › Add user "
            "(/admin/auth/user/add/), give them a username and password, and tick Reporters."
        )
