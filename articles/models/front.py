"""
The front page as the editors arrange it: the lead story and a few more
pinned in order; the rest of the live stories follow, newest first.
"""

from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from .stories import Article


@dataclass(frozen=True)
class Lineup:
    """
    The stories on the front page, in the order readers see them, each once:
    the lead, the other pinned stories in the editors' order, then the
    latest of the rest, newest first.
    """

    lead: Article | None
    pinned: list = field(default_factory=list)
    latest: list = field(default_factory=list)

    @property
    def stories(self):
        """Every story the lineup shows, lead first."""
        return [story for story in [self.lead, *self.pinned, *self.latest] if story]


class FrontPageManager(models.Manager):
    def current(self):
        """The site's front page, made the first time an editor opens it."""
        front_page, _ = self.get_or_create(pk=FrontPage.SITE)
        return front_page

    def lineup(self, *, latest):
        """
        What readers see on the front page now: the live pinned stories in the
        editors' order (the first leads), then the ``latest`` newest of the
        other live stories. A pinned story that is not live (a draft, taken
        down, scheduled for later) is skipped until it is; with none pinned,
        the newest story leads. Four queries, however many stories.
        """
        live = Article.objects.live().for_listing()
        pinned = list(
            live.filter(front_page_slots__front_page=FrontPage.SITE).order_by(
                "front_page_slots__position"
            )
        )
        # The lead comes from the newest when nothing pinned is live.
        newest = list(live.exclude(pk__in=[story.pk for story in pinned])[: latest + 1])
        if not pinned:
            return Lineup(lead=newest[0] if newest else None, latest=newest[1:])
        return Lineup(lead=pinned[0], pinned=pinned[1:], latest=newest[:latest])


@reversion.register(follow=("slots",))
class FrontPage(models.Model):
    """
    The site's front page as its editors arrange it: which story leads and
    which few are pinned after it, in order. There is one; each arrangement is
    a version in its history, recording who made it and when.
    """

    # The site has one front page, always this row.
    SITE = 1
    # "A few" pinned stories: beyond these the front page is the newest stories.
    MOST_PINNED = 8

    arranged_at = models.DateTimeField(null=True, blank=True, editable=False)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = FrontPageManager()

    class Meta:
        verbose_name = "front page"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_front_page")]

    def __str__(self):
        return "Front page"

    def get_absolute_url(self):
        return reverse("articles:front")

    @property
    def pinned_stories(self):
        """The stories pinned now, in order, live or not."""
        return [slot.article for slot in self.slots.select_related("article")]

    @classmethod
    def check_lineup(cls, stories):
        """
        Refuse a lineup no front page can show: a story pinned twice (a story
        appears once on the front page) or more than ``MOST_PINNED`` stories.
        """
        errors, seen = [], set()
        for story in stories:
            if story.pk in seen:
                errors.append(
                    ValidationError(
                        "“%(story)s” is pinned twice: a story appears once on the front page.",
                        code="pinned_twice",
                        params={"story": story},
                    )
                )
            seen.add(story.pk)
        if len(stories) > cls.MOST_PINNED:
            errors.append(
                ValidationError(
                    "Pin at most %(most)d stories: the newest stories follow them.",
                    code="too_many_pinned",
                    params={"most": cls.MOST_PINNED},
                )
            )
        if errors:
            raise ValidationError(errors)

    def arrange(self, stories, *, by=None):
        """
        Pin ``stories`` in this order, the first as the lead, replacing what
        was pinned: in one transaction, as one version recording ``by`` (None
        is the system itself) and when. Only those the story policy lets
        choose the front page (editors) may. Returns whether anything changed.
        """
        # Imported here: the policy is written in terms of these models.
        from ..policies import story_policy

        if by is not None and not story_policy.user_has_permission(by, "front_page"):
            raise PermissionDenied("Only editors choose the front page.")
        stories = list(stories)
        self.check_lineup(stories)
        with transaction.atomic(), reversion.create_revision():
            # Locked until saved: two editors arranging at once do not interleave.
            FrontPage.objects.select_for_update().filter(pk=self.pk).first()
            if [slot.article_id for slot in self.slots.all()] == [story.pk for story in stories]:
                return False
            self.slots.all().delete()
            for position, story in enumerate(stories, start=1):
                self.slots.create(article=story, position=position)
            self.arranged_at, self.arranged_by = timezone.now(), by
            self.save()
            reversion.set_user(by)
            reversion.set_comment(
                "Front page: " + "; ".join(f"{n}. {s}" for n, s in enumerate(stories, start=1))
                if stories
                else "Front page: nothing pinned, the newest story leads"
            )
        return True


@reversion.register()
class FrontPageSlot(models.Model):
    """A place on the front page that an editor pinned a story to; place 1 is the lead."""

    front_page = models.ForeignKey(FrontPage, on_delete=models.CASCADE, related_name="slots")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="front_page_slots", verbose_name="story"
    )
    position = models.PositiveSmallIntegerField(
        "place", help_text="1 is the lead; the others follow in order."
    )

    class Meta:
        ordering = ["front_page", "position"]
        verbose_name = "pinned story"
        verbose_name_plural = "pinned stories"
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "article"], name="unique_story_per_front_page"
            ),
            models.UniqueConstraint(
                fields=["front_page", "position"], name="unique_place_per_front_page"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.article}"
