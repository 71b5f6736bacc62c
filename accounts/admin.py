"""
The newsroom's accounts in the admin: Django's user pages, narrowed by the
account policy (``accounts.policies``) for the Admins who are not superusers.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from newsroom.policies import PolicyAdminMixin

from .policies import account_policy

User = get_user_model()

# What only a superuser sets: it would hand out more than the newsroom's roles.
SUPERUSER_FIELDS = ("is_superuser", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(PolicyAdminMixin, UserAdmin):
    """
    Where Admins add people to the newsroom, deactivate them when they leave,
    and give them their roles. A new account starts as staff, so that it can
    sign in to the admin once it has a role.
    """

    policy = account_policy
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (
            "Who and what they do",
            {"fields": ("first_name", "last_name", "email", "is_staff", "groups")},
        ),
    )
    list_display = ("username", "first_name", "last_name", "email", "roles", "is_active")
    # When an account joined and last signed in are facts, not settings; and
    # Django's two-box picker for permissions fails the accessibility audit
    # (its help icons), so a superuser picks them from a plain list.
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, account):
        names = [group.name for group in account.groups.all()]
        if account.is_superuser:
            names.insert(0, "Superuser")
        return ", ".join(names)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.policy.may_grant_anything(request.user):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def get_changeform_initial_data(self, request):
        return {"is_staff": True, **super().get_changeform_initial_data(request)}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = self.policy.assignable_groups(request.user)
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["help_text"] = (
                "Reporters write and submit stories; Editors also publish; Admins manage accounts."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # The groups this user may not hand out are not on the form: an
        # account keeps those it has (a Partners account stays one).
        kept = []
        if change:
            kept = list(
                form.instance.groups.exclude(pk__in=self.policy.assignable_groups(request.user))
            )
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)
