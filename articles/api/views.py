"""
The story endpoints: stories (read by anyone, written by the newsroom with a
token), and the quotes, pictures and sections of the live ones.

What a caller may read is ``Article.objects.visible_to(user)``: live stories
for readers and tokens without a newsroom role, a reporter's own stories
besides, every story for editors. Quotes and pictures are listed only with a
live story (``Quote.objects.live()``, ``Caption.objects.live()``), for every
caller alike. Workflow steps are the model's own methods, posted to
``submit/``, ``publish/`` and ``unpublish/``.
"""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles.models import Article, Caption, Quote, Section
from newsroom.api import CachedReadMixin

from .filters import ArticleFilter, CaptionFilter, QuoteFilter
from .ninjs import NinjsArticleSerializer, NinjsRenderer
from .permissions import StoryPermission
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    CaptionSerializer,
    PublishSerializer,
    QuoteSerializer,
    SectionSerializer,
)

STORY_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The story's slug, as in its page's address.",
    examples=[
        OpenApiExample(
            "The retirement story", value="durham-chief-constable-mike-barton-to-retire"
        )
    ],
)
STORY = OpenApiResponse(ArticleDetailSerializer, description="The story, as it now stands.")


@extend_schema_view(
    list=extend_schema(summary="Stories", description=ArticleSerializer.__doc__),
    retrieve=extend_schema(
        summary="A story",
        description=ArticleDetailSerializer.__doc__
        + "\n\nWith `?format=ninjs` (or `Accept: application/ninjs+json`), the story as "
        "an IPTC ninjs 2.4 news item instead.",
        parameters=[STORY_SLUG],
        responses={
            (200, "application/json"): ArticleDetailSerializer,
            (200, "application/ninjs+json"): NinjsArticleSerializer,
        },
    ),
    create=extend_schema(
        summary="Start a story (reporters, editors)",
        request=ArticleWriteSerializer,
        responses={201: STORY},
    ),
    update=extend_schema(
        summary="Rewrite a story",
        parameters=[STORY_SLUG],
        request=ArticleWriteSerializer,
        responses={200: STORY},
    ),
    partial_update=extend_schema(
        summary="Change part of a story",
        parameters=[STORY_SLUG],
        request=ArticleWriteSerializer,
        responses={200: STORY},
    ),
    destroy=extend_schema(summary="Delete a story (editors)", parameters=[STORY_SLUG]),
)
class ArticleViewSet(CachedReadMixin, viewsets.ModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    permission_classes = [StoryPermission]
    filterset_class = ArticleFilter
    ordering_fields = ["published_at", "updated_at", "headline"]

    def get_queryset(self):
        stories = Article.objects.visible_to(self.request.user)
        if self.action == "list":
            return stories.for_api_list()
        if self.action == "retrieve":
            return stories.for_api()
        return stories

    def filter_queryset(self, queryset):
        # The filters and ordering narrow lists; a story is found by its slug alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_renderers(self):
        if self.action == "retrieve":
            return [JSONRenderer(), NinjsRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        if self.action == "retrieve":
            renderer = getattr(self.request, "accepted_renderer", None)
            if isinstance(renderer, NinjsRenderer):
                return NinjsArticleSerializer
            return ArticleDetailSerializer
        if self.action == "publish":
            return PublishSerializer
        return ArticleWriteSerializer

    def last_modified_of(self, article):
        return article.last_modified

    def story(self, article, status_code=status.HTTP_200_OK):
        """The response to a write: the story as it now stands, as GET shows it."""
        article = Article.objects.for_api().get(pk=article.pk)
        serializer = ArticleDetailSerializer(article, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = self.story(serializer.save(), status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{serializer.instance.slug}/")
        return response

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return self.story(serializer.save())

    @extend_schema(
        summary="Submit a story for review",
        parameters=[STORY_SLUG],
        request=None,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        article = self.get_object()
        article.submit_for_review(by=request.user)
        return self.story(article)

    @extend_schema(
        summary="Publish or schedule a story (editors)",
        parameters=[STORY_SLUG],
        request=PublishSerializer,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        article = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article.publish(by=request.user, at=serializer.validated_data.get("at"))
        return self.story(article)

    @extend_schema(
        summary="Take a story off the site (editors)",
        parameters=[STORY_SLUG],
        request=None,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, slug=None):
        article = self.get_object()
        article.unpublish(by=request.user)
        return self.story(article)


@extend_schema_view(list=extend_schema(summary="Quotes", description=QuoteSerializer.__doc__))
class QuoteViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter
    ordering_fields = ["said_on", "id"]

    def get_queryset(self):
        # Asked at each request: a scheduled story's quotes appear when it goes live.
        return Quote.objects.live().for_api()

    def last_modified_of(self, quote):
        return quote.article.last_modified


@extend_schema_view(
    list=extend_schema(summary="Captioned pictures", description=CaptionSerializer.__doc__)
)
class CaptionViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CaptionSerializer
    filterset_class = CaptionFilter
    ordering_fields = ["id"]

    def get_queryset(self):
        return Caption.objects.live().for_api()

    def last_modified_of(self, caption):
        return max(caption.updated_at, caption.article.last_modified)


@extend_schema_view(
    list=extend_schema(summary="Sections of the paper", description=SectionSerializer.__doc__)
)
class SectionViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    ordering_fields = ["position", "name"]
