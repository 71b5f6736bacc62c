"""
Failed sign-ins, throttled per account and per client (django-axes).

Each failed admin sign-in and each failed API token counts against the
account it named and against the client's address; at ``AXES_FAILURE_LIMIT``
failures within ``AXES_COOLOFF_TIME`` either is locked out until that much
time passes with no new failure, or until an Admin lifts the lockout by
deleting its access attempts in the admin (Axes › Access attempts). Each
lockout is logged on the ``accounts.lockout`` logger.

django-axes calls the functions here through its settings (the Lockout
section of ``newsroom/settings.py``).
"""

import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessBase
from axes.signals import user_locked_out
from django.contrib import admin
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger("accounts.lockout")

# Where a lockout is answered as JSON rather than as a page.
API_PREFIX = "/api/"


def client_address(request):
    """
    The client's address, as the API's throttles see it (DRF's
    ``NUM_PROXIES``, set from ``TRUSTED_PROXIES``): ``REMOTE_ADDR`` when no
    proxy is trusted, whatever ``X-Forwarded-For`` says; behind N proxies,
    the address the outermost of them saw. django-axes's
    ``AXES_CLIENT_IP_CALLABLE``, so that the lockout and the throttles can
    never disagree about who the client is.
    """
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # Only a misconfigured proxy count lets something other than an
        # address through; the connection's own address is then the client.
        return request.META.get("REMOTE_ADDR")


def lockout_parameters(request_or_attempt, credentials=None):
    """
    What failures are counted against (``AXES_LOCKOUT_PARAMETERS``): the
    account and, separately, the client's address. A token names no
    account, so its failures count against the address alone (counting them
    against "no account" would lock every token client out together).
    """
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username
    else:
        username = get_client_username(request_or_attempt, credentials)
    return ["username", "ip_address"] if username else ["ip_address"]


def retry_after(request):
    """How many seconds a locked-out client waits with no new failure; None if for ever."""
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds()) if cool_off else None


def lockout_message(seconds):
    """What a locked-out client is told, in words."""
    if seconds is None:
        wait = "until an Admin lifts the lockout"
    elif seconds % 60:
        wait = f"for {seconds} seconds"
    else:
        wait = f"for {seconds // 60} minute{'s' if seconds != 60 else ''}"
    return (
        "Too many failed sign-ins for this account or from this address: signing in "
        f"is refused {wait}, and each new attempt starts the wait again. An Admin can "
        "lift the lockout sooner."
    )


def lockout_response(request, original_response=None, credentials=None):
    """
    The answer to a request that was refused, or that failed and tipped the
    client into a lockout (``AXES_LOCKOUT_CALLABLE``): ``429 Too Many
    Requests`` with ``Retry-After``, as a problem (``newsroom.api.problem``) under /api/ and as
    a page in the admin's own look elsewhere.
    """
    seconds = retry_after(request)
    message = lockout_message(seconds)
    if request.path.startswith(API_PREFIX):
        # Imported here: DRF imports this module (through the API's token
        # authentication) while newsroom.api is still importing DRF.
        from newsroom.api import PROBLEM_CONTENT_TYPE, problem

        response = JsonResponse(
            problem(429, message, "locked_out"), status=429, content_type=PROBLEM_CONTENT_TYPE
        )
    else:
        context = {**admin.site.each_context(request), "message": message}
        response = render(request, "accounts/locked_out.html", context, status=429)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


class LockoutBackend(AxesStandaloneBackend):
    """
    Refuses a sign-in while its account or client is locked out, before any
    other backend checks the password (first in ``AUTHENTICATION_BACKENDS``).

    A check made without a request, from the shell or a management command,
    comes from no client and is not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def failures_key(address):
    return f"accounts.lockout.failed:{address}"


@receiver(user_login_failed)
def note_failure(sender, credentials, request=None, **kwargs):
    """
    Remember, for the cool-off, that this client failed to sign in, so that
    ``may_be_locked_out()`` answers for every other client without a query.
    """
    if request is not None:
        cache.set(failures_key(client_address(request)), True, retry_after(request))


def may_be_locked_out(request):
    """
    Whether the client failed to sign in within the cool-off, so that it may
    be locked out. An API request with a token asks this first: most clients
    never failed, and their requests keep to the API's query budget.
    """
    return cache.get(failures_key(client_address(request))) is not None


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Say in the log who was locked out, from where, and how to lift it."""
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    account = f"account “{username}”" if username else "API token"
    if failures is not None and failures > limit:
        logger.warning(
            "Refused another sign-in (%s) from %s while locked out: %d failures.",
            account,
            ip_address,
            failures,
        )
        return
    logger.warning(
        "Locked out sign-ins (%s) from %s after %s failures; an Admin can lift the "
        "lockout under Axes › Access attempts.",
        account,
        ip_address,
        failures if failures is not None else limit,
    )
