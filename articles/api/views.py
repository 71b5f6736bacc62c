"""
The story endpoints: stories (read by anyone, written by the newsroom with a
token), and the quotes, pictures and sections of the live ones.

What a caller may read is ``Article.objects.visible_to(user)``: live stories
for readers and tokens without a newsroom role, a reporter's own stories
besides, every story for editors. Quotes and pictures are listed only with a
live story (``Quote.objects.live()``, ``Caption.objects.live()``), for every
caller alike. Workflow steps are the model's own methods, posted to
``submit/``, ``publish/`` and ``unpublish/``.

No write overwrites a change its caller has not seen: a story's ETag comes
with its GET and with the response to every write, and PUT, PATCH and DELETE
must send it back in ``If-Match`` (``ConditionalWriteMixin``; 428 without it,
412 when the story has changed since). The workflow steps may send it too.
"""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles.editing import DeleteStory
from articles.models import Article, Caption, Quote, Section
from articles.policies import story_policy
from newsroom.api import PUBLIC_MAX_AGE, CachedReadMixin, ConditionalWriteMixin

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
    SendBackSerializer,
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
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    required=True,
    response=[200, 201],
    description=(
        "The story's strong ETag as this response shows it: send it back in If-Match "
        "to change or delete the story."
    ),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The story's ETag, from a GET of its JSON (not ninjs) or from the response to "
        "your last write; `*` for whatever version there is. Without it the answer is "
        "428; if the story has changed since, 412 and nothing changes."
    ),
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Optional: the story's ETag, from a GET of its JSON or from the response to "
        "your last write. If the story has changed since, the answer is 412 and "
        "nothing changes."
    ),
)
MOVED = OpenApiResponse(
    description="The story's slug has changed since: `Location` is its address now, with "
    "the same query string (no chains, however often it was renamed). For GET and HEAD "
    "only: a write to an old address is a 404.",
)
GONE = OpenApiResponse(
    {"$ref": "#/components/schemas/Problem"},
    description="The story has passed its expiry time and is no longer available.",
)
LOCATION = OpenApiParameter(
    "Location",
    str,
    OpenApiParameter.HEADER,
    response=[301],
    description="The story's address now.",
)


class Gone(APIException):
    """410 Gone: a story that came down at its expiry time."""

    status_code = status.HTTP_410_GONE
    default_detail = "This story is no longer available: it came down at its expiry time."
    default_code = "gone"


# The actions that change a story: they read it locked until they commit.
WRITES = {"update", "partial_update", "destroy", "submit", "publish", "unpublish", "send_back"}


@extend_schema_view(
    list=extend_schema(summary="Stories", description=ArticleSerializer.__doc__),
    retrieve=extend_schema(
        summary="A story",
        description=ArticleDetailSerializer.__doc__
        + "\n\nWith `Accept: application/ninjs+json` (or `?format=ninjs`), the story as "
        "an IPTC ninjs 2.4 news item instead, as `get_article_ninjs` gives it.",
        # ?format=ninjs still works; a client is better served by the ninjs operation,
        # whose answer is always ninjs.
        parameters=[STORY_SLUG, ETAG, LOCATION, OpenApiParameter("format", exclude=True)],
        responses={
            (200, "application/json"): ArticleDetailSerializer,
            (200, "application/ninjs+json"): NinjsArticleSerializer,
            301: MOVED,
            (410, "application/json"): GONE,
        },
    ),
    create=extend_schema(
        summary="Start a story (reporters, editors)",
        request=ArticleWriteSerializer,
        parameters=[ETAG],
        responses={201: STORY},
    ),
    update=extend_schema(
        summary="Rewrite a story",
        parameters=[STORY_SLUG, IF_MATCH, ETAG],
        request=ArticleWriteSerializer,
        responses={200: STORY},
    ),
    partial_update=extend_schema(
        summary="Change part of a story",
        parameters=[STORY_SLUG, IF_MATCH, ETAG],
        request=ArticleWriteSerializer,
        responses={200: STORY},
    ),
    destroy=extend_schema(summary="Delete a story (editors)", parameters=[STORY_SLUG, IF_MATCH]),
)
class ArticleViewSet(CachedReadMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    object_noun = "story"
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    permission_classes = [StoryPermission]
    filterset_class = ArticleFilter
    ordering_fields = ["published_at", "updated_at", "headline"]

    def get_queryset(self):
        stories = Article.objects.visible_to(self.request.user)
        if self.action == "list":
            return stories.for_api_list()
        if self.action in ("retrieve", "ninjs"):
            return stories.for_api()
        if self.action in WRITES:
            # Locked until the write commits: no other write comes between the
            # If-Match check and this one.
            return stories.select_for_update(of=("self",))
        return stories

    def filter_queryset(self, queryset):
        # The filters and ordering narrow lists; a story is found by its slug alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = self.story_elsewhere(kwargs[self.lookup_field])
            if moved is None:
                raise
            return moved

    def story_elsewhere(self, slug):
        """
        A story's address where the caller may read no story: a 301 to the
        story's address now when ``slug`` is one a story the caller may read
        had before a rewrite (query string kept: ``?format=ninjs`` stays
        ninjs); 410 Gone when the story there has passed its expiry time;
        else None (the 404 stands).
        """
        request = self.request
        article = Article.objects.only(
            "slug", "status", "published_at", "embargoed_until", "expires_at", "created_by"
        ).at_address(slug)
        if article is None:
            return None
        if article.slug != slug and story_policy.user_has_permission_for_instance(
            request.user, "view", article
        ):
            # The same operation's address (the story, or its ninjs) under the new slug.
            url = reverse(request.resolver_match.view_name, kwargs={"slug": article.slug})
            query = request.META.get("QUERY_STRING")
            url = request.build_absolute_uri(url + (f"?{query}" if query else ""))
            response = Response(
                status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": url}
            )
            # What an account may follow is its own (partners follow embargoed stories).
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, max_age=0)
            else:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response
        if article.is_expired:
            raise Gone()
        return None

    def get_renderers(self):
        if self.action == "retrieve":
            return [JSONRenderer(), NinjsRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        if self.action == "ninjs":
            return NinjsArticleSerializer
        if self.action == "retrieve":
            renderer = getattr(self.request, "accepted_renderer", None)
            if isinstance(renderer, NinjsRenderer):
                return NinjsArticleSerializer
            return ArticleDetailSerializer
        if self.action == "publish":
            return PublishSerializer
        if self.action == "send_back":
            return SendBackSerializer
        return ArticleWriteSerializer

    def last_modified_of(self, article):
        return article.last_modified

    def changes_at_of(self, article):
        # The story leaves every answer at its expiry time, with nothing saved.
        return article.expires_at

    def story_data(self, article):
        """The story as it now stands, as a GET of its JSON shows it."""
        article = Article.objects.for_api().get(pk=article.pk)
        return ArticleDetailSerializer(article, context=self.get_serializer_context()).data

    def current_etag(self, article):
        """The ETag a GET of the story's JSON would carry now: what If-Match must name."""
        return self.etag_of(self.story_data(article))

    def story(self, article, status_code=status.HTTP_200_OK):
        """The response to a write: the story as GET shows it, with the ETag GET gives it."""
        data = self.story_data(article)
        return Response(data, status=status_code, headers={"ETag": self.etag_of(data)})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = self.story(serializer.save(), status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{serializer.instance.slug}/")
        return response

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(
            self.get_object(), data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return self.story(serializer.save())

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    @extend_schema(
        summary="A story as IPTC ninjs 2.4",
        description=NinjsArticleSerializer.__doc__,
        parameters=[STORY_SLUG, ETAG, LOCATION],
        responses={
            (200, NinjsRenderer.media_type): NinjsArticleSerializer,
            301: MOVED,
            410: GONE,
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[NinjsRenderer])
    def ninjs(self, request, slug=None):
        """The story as ``retrieve`` finds it (moved, gone), always in ninjs."""
        return self.retrieve(request, slug=slug)

    @extend_schema(
        summary="Submit a story for review",
        parameters=[STORY_SLUG, IF_MATCH_OPTIONAL, ETAG],
        request=None,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def submit(self, request, slug=None):
        article = self.get_object()
        article.submit_for_review(by=request.user)
        return self.story(article)

    @extend_schema(
        summary="Publish or schedule a story (editors)",
        parameters=[STORY_SLUG, IF_MATCH_OPTIONAL, ETAG],
        request=PublishSerializer,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def publish(self, request, slug=None):
        article = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article.publish(by=request.user, at=serializer.validated_data.get("at"))
        return self.story(article)

    @extend_schema(
        summary="Take a story off the site (editors)",
        parameters=[STORY_SLUG, IF_MATCH_OPTIONAL, ETAG],
        request=None,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def unpublish(self, request, slug=None):
        article = self.get_object()
        article.unpublish(by=request.user)
        return self.story(article)

    @extend_schema(
        summary="Send a story in review back to draft, saying why (editors)",
        parameters=[STORY_SLUG, IF_MATCH_OPTIONAL, ETAG],
        request=SendBackSerializer,
        responses={200: STORY},
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    @transaction.atomic
    def send_back(self, request, slug=None):
        article = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article.send_back(by=request.user, note=serializer.validated_data["note"])
        return self.story(article)

    def perform_destroy(self, article):
        DeleteStory(article, by=self.request.user).execute()


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

    def changes_at_of(self, quote):
        return quote.article.expires_at


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

    def changes_at_of(self, caption):
        return caption.article.expires_at


@extend_schema_view(
    list=extend_schema(summary="Sections of the paper", description=SectionSerializer.__doc__)
)
class SectionViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    ordering_fields = ["position", "name"]
