import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Block, Caption, Correction, Quote, Section, Tag
from people.tests.factories import PersonFactory, jpeg_bytes

__all__ = ["jpeg_bytes"]


def newsroom_account(username, group=None, **fields):
    """An account in one of the newsroom's groups ("Reporters", "Editors"), or in none."""
    # No password unless given: hashing one is slow, and tests log in without it.
    user = get_user_model().objects.create_user(username, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = "News"
    slug = "news"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft story; ``LiveArticleFactory`` for one readers can see."""

    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "What happened, in a sentence."
    section = factory.SubFactory(SectionFactory)


# Each way a story is hidden from readers, as ArticleFactory fields, by name.
NOT_LIVE = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "unpublished": {
        "status": Article.Status.UNPUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    },
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + datetime.timedelta(days=1),
    },
}


class LiveArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    article = factory.SubFactory(ArticleFactory)
    kind = Block.Kind.PARAGRAPH
    position = factory.Sequence(lambda n: n)
    text = "He said: “We will carry on.”"


class CaptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Caption

    article = factory.SubFactory(ArticleFactory)
    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))
    caption = "A picture of the scene"
    credit = "The Northern Echo"
    alt_text = "A street with a police car parked at the kerb"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    text = "We will carry on."
    speaker = factory.SubFactory(PersonFactory)
    source = "a statement"


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version of this story misspelt a name."


# Each way a story reaches a person, by name: ``reach(story, person)``.
REACHES = {
    "in the story": lambda story, person: story.people.add(person),
    "byline": lambda story, person: story.authors.add(person),
    "quoted": lambda story, person: QuoteFactory(article=story, speaker=person),
    "pictured": lambda story, person: CaptionFactory(article=story).people.add(person),
}
