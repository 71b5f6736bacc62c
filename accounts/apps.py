from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The newsroom's accounts: who may add people to it, and with which roles."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the lockout's log to django-axes's signal.
        from . import lockout  # noqa: F401
