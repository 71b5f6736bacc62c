"""The ways the paper files its stories: sections (with their pages and feeds) and tags."""

from django.db import models
from django.urls import reverse

from .stories import Article


class SectionQuerySet(models.QuerySet):
    def with_live_stories(self):
        """
        The sections with at least one live story, each with ``live_count``,
        ``latest_published_at`` and ``latest_expired_at`` (when its last
        story to come down at its expiry time did): the site's navigation,
        and part of the page cache's key. A story coming due adds to the
        count; one expiring moves ``latest_expired_at``, even in the second
        another one comes due.
        """
        live = models.Q(articles__in=Article.objects.live())
        expired = models.Q(articles__in=Article.objects.expired())
        sections = self.annotate(
            live_count=models.Count("articles", filter=live),
            latest_published_at=models.Max("articles__published_at", filter=live),
            latest_expired_at=models.Max("articles__expires_at", filter=expired),
        ).filter(live_count__gt=0)
        # Meta.ordering does not apply to a GROUP BY query: order it here.
        return sections.order_by(*Section._meta.ordering)


class Section(models.Model):
    """A part of the paper (News, Sport…) with its own page and feed."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation; lower comes first."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class TagQuerySet(models.QuerySet):
    def live(self):
        """Tags a reader may see: those on at least one live story."""
        return self.filter(articles__in=Article.objects.live()).distinct()


class Tag(models.Model):
    """A topic that runs across sections ("Drugs policy", "Policing")."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})
