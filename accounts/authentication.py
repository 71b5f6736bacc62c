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
from drf_spectacular.extensions import OpenApiAuthenticationExtension
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
    ``Authorization: Bearer <key>`` (RFC 6750, what most HTTP clients send)
    or ``Authorization: Token <key>`` (DRF's own), refused while the client
    is locked out, and each failure counted towards a lockout.
    """

    keyword = "Bearer"
    # The schemes a token may come under, in any case.
    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
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
            return self.authenticate_credentials(self.key_of(header))
        except AuthenticationFailed:
            self.failed(client, credentials)
            raise

    @staticmethod
    def key_of(header):
        """The token in the header's words after the scheme, as DRF's own check reads it."""
        if len(header) == 1:
            raise AuthenticationFailed("Invalid token header. No credentials provided.")
        if len(header) > 2:
            raise AuthenticationFailed(
                "Invalid token header. Token string should not contain spaces."
            )
        try:
            return header[1].decode()
        except UnicodeError:
            raise AuthenticationFailed(
                "Invalid token header. Token string should not contain invalid characters."
            ) from None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

    def failed(self, client, credentials):
        """Announce a failed sign-in, as ``authenticate()`` does: django-axes counts it."""
        user_login_failed.send(sender=type(self), credentials=credentials, request=client)


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the API schema: an HTTP bearer scheme (``Token`` is taken too)."""

    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A newsroom account's API token: `Authorization: Bearer <token>` "
                "(`Authorization: Token <token>` is taken too)."
            ),
        }
