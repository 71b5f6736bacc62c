"""
Share links: a story that is not live, shown as readers will see it to
anyone who holds the link, without an account, until the link expires or is
revoked.
"""

from django.conf import settings
from django.db import models


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

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Share link to “{self.article}”"
