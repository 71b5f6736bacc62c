"""Who is signed in, asked cheaply enough for every request a cache answers."""

from django.conf import settings


def signed_in(request):
    """
    Whether ``request`` comes from a signed-in account. Editors sign in with a
    session, so without a session cookie nobody is, and neither the session
    nor the user need be loaded to know it (a cached page's every reader).
    API tokens are DRF's to check, in its views.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
