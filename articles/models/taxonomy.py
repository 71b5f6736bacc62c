"""The ways the paper files its stories: sections (with their pages and feeds) and tags."""

from django.db import models
from django.urls import reverse

from .stories import Article


class SectionQuerySet(models.QuerySet):
    def live(self):
        """
        Sections with at least one live story, in navigation order: the
        site's navigation on every page. Each section is asked whether it
        has one, rather than its stories counted across the archive.
        """
        return self.filter(
            models.Exists(Article.objects.live().filter(section=models.OuterRef("pk")))
        )

    def with_live_stories(self):
        """
        The sections with at least one live story, each with
        ``latest_published_at`` (its newest live story's): the site's
        navigation, and the sitemap's sections. Each section is asked by
        index for its newest live story, whatever the archive's size.
        """
        newest = Article.objects.live().filter(section=models.OuterRef("pk"))
        sections = self.annotate(
            latest_published_at=models.Subquery(newest.values("published_at")[:1])
        ).filter(models.Exists(newest))
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
        """
        Tags a reader may see: those on at least one live story, each asked
        whether it has one (not every story of it joined and made distinct).
        """
        return self.filter(
            models.Exists(Article.objects.live().filter(tags=models.OuterRef("pk")))
        )


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
