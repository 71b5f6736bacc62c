from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The newsroom's accounts: who may add people to it, and with which roles."""

    name = "accounts"
    verbose_name = "Accounts"
