"""Admins add people to the newsroom and give them roles, and nothing more."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-17"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password=PASSWORD)


def add_form(**fields):
    return {
        "username": "reporter",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Rosa",
        "last_name": "Reporter",
        "email": "rosa@example.com",
        "is_staff": "on",
        "groups": [Group.objects.get(name="Reporters").pk],
        **fields,
    }


def change_form(account, **fields):
    return {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in account.groups.all()],
        "date_joined_0": f"{account.date_joined:%Y-%m-%d}",
        "date_joined_1": f"{account.date_joined:%H:%M:%S}",
        "last_login_0": "",
        "last_login_1": "",
        **fields,
    }


def change_url(account):
    return reverse("admin:auth_user_change", args=[account.pk])


def test_an_admin_adds_a_reporter_who_can_then_write_a_story(client, account_admin):
    client.force_login(account_admin)
    assert client.get(reverse("admin:auth_user_add")).status_code == 200

    response = client.post(reverse("admin:auth_user_add"), add_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    reporter = authenticate(username="reporter", password=PASSWORD)
    assert reporter is not None
    assert reporter.is_staff
    assert list(reporter.groups.values_list("name", flat=True)) == ["Reporters"]
    client.force_login(reporter)
    assert client.get(reverse("admin:articles_article_add")).status_code == 200


def test_an_admin_is_offered_only_the_newsroom_roles(client, account_admin):
    # Partner accounts, which read embargoed stories, are not the Admins' to make.
    assert Group.objects.filter(name="Partners").exists()
    client.force_login(account_admin)
    form = client.get(reverse("admin:auth_user_add")).context["adminform"].form
    offered = {group.name for group in form.fields["groups"].queryset}
    assert offered == {"Reporters", "Editors", "Admins"}


def test_an_admin_cannot_make_a_superuser_or_grant_a_permission_even_by_a_forged_post(
    client, account_admin, django_user_model
):
    publish = Permission.objects.get(codename="publish_article")
    partners = Group.objects.get(name="Partners")
    client.force_login(account_admin)
    for page in (reverse("admin:auth_user_add"), change_url(account_admin)):
        html = client.get(page).content.decode()
        assert 'name="is_superuser"' not in html
        assert 'name="user_permissions"' not in html

    client.post(
        reverse("admin:auth_user_add"),
        add_form(is_superuser="on", user_permissions=[publish.pk]),
    )
    reporter = django_user_model.objects.get(username="reporter")
    client.post(
        change_url(reporter),
        change_form(reporter, is_superuser="on", user_permissions=[publish.pk]),
    )
    refused = client.post(change_url(reporter), change_form(reporter, groups=[partners.pk]))
    client.post(change_url(account_admin), change_form(account_admin, is_superuser="on"))

    reporter.refresh_from_db()
    account_admin.refresh_from_db()
    assert "groups" in refused.context["adminform"].form.errors
    assert not reporter.is_superuser
    assert not account_admin.is_superuser
    assert not reporter.user_permissions.exists()
    assert not reporter.groups.filter(name="Partners").exists()


def test_an_admin_cannot_change_a_superuser_or_their_password(client, account_admin, superuser):
    client.force_login(account_admin)

    page = client.get(change_url(superuser))
    changed = client.post(change_url(superuser), change_form(superuser, is_active=""))
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])
    new_password = client.post(password, {"password1": "x" * 20, "password2": "x" * 20})

    assert 'name="_save"' not in page.content.decode()
    assert changed.status_code == 403
    assert new_password.status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_active
    assert authenticate(username="root", password=PASSWORD) is not None


def test_an_admin_deactivates_a_reporter_who_then_cannot_sign_in(
    client, account_admin, django_user_model
):
    reporter = django_user_model.objects.create_user("reporter", password=PASSWORD, is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(account_admin)

    response = client.post(change_url(reporter), change_form(reporter, is_active=""))

    assert response.status_code == 302
    assert authenticate(username="reporter", password=PASSWORD) is None


def test_a_group_an_admin_may_not_give_stays_when_they_change_the_account(
    client, account_admin, django_user_model
):
    partner = django_user_model.objects.create_user("partner")
    partner.groups.add(Group.objects.get(name="Partners"))
    client.force_login(account_admin)

    response = client.post(
        change_url(partner),
        change_form(partner, groups=[Group.objects.get(name="Editors").pk]),
    )

    assert response.status_code == 302
    assert set(partner.groups.values_list("name", flat=True)) == {"Partners", "Editors"}


def test_a_superuser_still_grants_superuser_status(client, superuser, django_user_model):
    reporter = django_user_model.objects.create_user("reporter")
    client.force_login(superuser)
    assert 'name="is_superuser"' in client.get(change_url(reporter)).content.decode()
    client.post(change_url(reporter), change_form(reporter, is_superuser="on"))
    reporter.refresh_from_db()
    assert reporter.is_superuser


def test_the_admins_group_may_only_manage_accounts_and_lift_lockouts():
    admins = Group.objects.get(name="Admins")
    assert set(admins.permissions.values_list("codename", flat=True)) == {
        "add_user",
        "change_user",
        "view_user",
        # Sign-in lockouts (accounts/lockout.py): seen, lifted, and their record kept.
        "view_accessattempt",
        "delete_accessattempt",
        "view_accessfailurelog",
    }
