"""
Share links: a story that is not live, shown as readers will see it to
anyone who holds the link, without an account, until the link expires or is
revoked.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

# How long a new link works unless its maker says otherwise, and the shortest
# and longest lifetimes they may choose: long enough for a lawyer or a source
# to read the story, short enough that a forgotten link dies on its own.
DEFAULT_HOURS = 48
MIN_HOURS = 1
MAX_HOURS = 30 * 24
LIFETIME_REFUSED = (
    "A share link works for a whole number of hours, "
    f"from {MIN_HOURS} hour to {MAX_HOURS} hours ({MAX_HOURS // 24} days)."
)


def token_hash(token):
    """
    The SHA-256 (hex) of a link's token, as stored. The token is random and
    long, so the hash needs no salt; looking a link up by it takes the same
    time whichever characters of a guess are right.
    """
    # surrogatepass: whatever a forged address decodes to hashes rather than raises.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_hours(hours):
    """Refuse a lifetime that is not a whole number of hours within the bounds."""
    whole = isinstance(hours, int) and not isinstance(hours, bool)
    if not whole or not MIN_HOURS <= hours <= MAX_HOURS:
        raise ValidationError({"hours": LIFETIME_REFUSED})


class ShareLinkQuerySet(models.QuerySet):
    def valid(self):
        """Links that still open their story: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The link (at most one) that ``token`` is the token of."""
        return self.filter(token_hash=token_hash(token))

    def revoke(self, by):
        """
        Revoke every link here that still works (all of a story's links:
        ``article.share_links.revoke(by=editor)``); returns how many.
        """
        return self.valid().update(revoked_at=timezone.now(), revoked_by=by)


class ShareLinkManager(models.Manager.from_queryset(ShareLinkQuerySet)):
    def make(self, article, by, hours=DEFAULT_HOURS):
        """
        A new link to ``article``'s preview, made by ``by``, working for
        ``hours`` hours. Returns the link and its token: the token is not kept,
        so whoever made the link must pass it on now or make another.
        """
        check_hours(hours)
        token = secrets.token_urlsafe(32)
        link = self.create(
            article=article,
            token_hash=token_hash(token),
            created_by=by,
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
        )
        return link, token


class ShareLink(models.Model):
    """
    A link to a story's preview. The link carries a random token; only the
    token's SHA-256 is stored, so the table does not hand out working links.
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ShareLinkManager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Share link to “{self.article}”"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_valid(self):
        """Whether the link still opens its story (as ``valid()`` says of many)."""
        return not self.is_revoked and not self.is_expired

    def revoke(self, by):
        """
        Stop the link working, recording who did it and when. Returns False
        if it had already stopped (revoked or expired), and changes nothing.
        """
        now = timezone.now()
        still_valid = ShareLink.objects.filter(pk=self.pk).valid()
        revoked = still_valid.update(revoked_at=now, revoked_by=by)
        if revoked:
            self.revoked_at, self.revoked_by = now, by
        return bool(revoked)
