"""
The API's token authentication, with failed tokens counted like failed
sign-ins (``accounts.lockout``).

DRF's ``TokenAuthentication`` checks a token without ``authenticate()``, so
no one hears of a wrong one: here each failure is announced with Django's
``user_login_failed`` signal, which django-axes counts against the client's
address, and a client locked out (by wrong tokens or wrong passwords) is
refused with ``429`` and ``Retry-After`` before its token is even looked
at, so that guessing on gains nothing.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.contrib.auth.signals import user_login_failed
from rest_framework import authentication
from rest_framework.exceptions import APIException, AuthenticationFailed

from .lockout import lockout_message, may_be_locked_out, retry_after


class LockedOut(APIException):
    """429: too many failed sign-ins or tokens from this client; ``Retry-After`` says how long."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self, seconds):
        super().__init__(detail=lockout_message(seconds))
        # DRF's exception handler sends it as Retry-After.
        self.wait = seconds


class TokenAuthentication(authentication.TokenAuthentication):
    """
    ``Authorization: Token <key>``, as DRF reads it, refused while the
    client is locked out, and each failure counted towards a lockout.
    """

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        # The Django request, where django-axes keeps what it learns of the client.
        client = request._request
        # A token names no account: its failures count against the client alone.
        credentials = get_credentials(None)
        if may_be_locked_out(client) and not AxesProxyHandler.is_allowed(client, credentials):
            # Counted too, as a wrong password is while locked out: the wait starts again.
            self.failed(client, credentials)
            raise LockedOut(retry_after(client))
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            self.failed(client, credentials)
            raise

    def failed(self, client, credentials):
        """Announce a failed sign-in, as ``authenticate()`` does: django-axes counts it."""
        user_login_failed.send(sender=type(self), credentials=credentials, request=client)
