"""The read-only JSON API over published content (/api/v1/), its OpenAPI description and docs page.

The item list is the site's results page as JSON: the same parameters go through the same
selector (learning.selectors.find_items, as learning.views.items.ItemListView), so a query
string gives the same items in the same order. Only filter values that exist are accepted
(400 naming the parameter and its choices, where the page ignores them with a notice)."""

from django.conf import settings
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from api import serializers
from api.errors import InvalidParameter
from api.pagination import ItemPagination
from core.models import published
from core.versioning import recent
from learning import counts
from learning.filters import FACET_FIELDS, SORT_CHOICES
from learning.models import GlossaryTerm, Kind, LearningItem
from learning.options import filter_options
from learning.selectors import find_items
from reviews.models import Board, Publication, Review

QUERY_MAX_LENGTH = 500  # longer than any question; the search box holds 200


def checked_params(params):
    """The item list's query parameters, each filter value one that exists (InvalidParameter if not)."""
    options = filter_options()
    for name in FACET_FIELDS:
        known = [value for value, _label in options[name]]
        unknown = [value for value in params.getlist(name) if value and value not in set(known)]  # "" is none
        if unknown:
            raise InvalidParameter(name, unknown, known)
    sort = params.get("sort")
    if sort and sort not in dict(SORT_CHOICES):
        raise InvalidParameter("sort", [sort], dict(SORT_CHOICES))
    if len(params.get("q", "")) > QUERY_MAX_LENGTH:
        raise InvalidParameter("q", [params["q"][:60]], [f"at most {QUERY_MAX_LENGTH} characters"])
    return params


def filter_parameter(name, description):
    return OpenApiParameter(name, OpenApiTypes.STR, many=True, explode=True, description=description)


ITEM_LIST_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description='Search words, as in the site\'s search box: quotes for a phrase, OR for either word, "-" to '
        "leave a word out. A search lists at most SEARCH_RESULT_LIMIT (1,000) matches; `count_capped` says so.",
    ),
    filter_parameter("theme", "Theme slug (see /api/v1/themes/); repeat for any of several."),
    filter_parameter("age_group", "Age group slug (see /api/v1/age-groups/)."),
    filter_parameter("audience", "Agency slug (see /api/v1/audiences/); learning for all practitioners is included."),
    filter_parameter("kind", "Kind of learning: " + ", ".join(Kind.values) + "."),
    filter_parameter("board", "Board slug (see /api/v1/boards/)."),
    filter_parameter("publication", "Publication slug (see /api/v1/publications/)."),
    filter_parameter("year", "Year of the source publication."),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        enum=[value for value, _ in SORT_CHOICES],
        description="relevance (the default for a search), newest, or source (source order; the default otherwise).",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Published learning items, searched and filtered as on the site's results page",
        parameters=ITEM_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One published learning item, with its provenance"),
)
class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ItemSerializer
    pagination_class = ItemPagination
    queryset = LearningItem.objects.none()  # for the schema; the views below say what is read

    def list(self, request, *args, **kwargs):
        params = checked_params(request.query_params)
        paginator = self.paginator
        number = paginator.page_number(request)
        result = find_items(params, number, paginator.get_page_size(request))
        if result.page.number != number:
            last = result.page.paginator.num_pages
            raise NotFound(paginator.invalid_page_message.format(last=last))
        items = list(result.page.object_list)
        prefetch_related_objects(items, "age_groups", "audiences", "review")
        paginator.use_page(request, result.page)
        return paginator.get_paginated_response(self.get_serializer(items, many=True).data, result.count_capped)

    def get_object(self):
        return get_object_or_404(
            LearningItem.objects.published().with_relations().select_related("review"),
            publication__slug=self.kwargs["publication"],
            key=self.kwargs["key"],
        )


class CachedListViewSet(viewsets.ReadOnlyModelViewSet):
    """A short list the site already keeps cached under the content version; an entry is
    found in it by slug, so a request costs the one read of the content version."""

    lookup_field = "slug"

    def entries(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.entries()

    def get_object(self):
        for entry in self.entries():
            if entry.slug == self.kwargs["slug"]:
                return entry
        raise Http404


@extend_schema_view(list=extend_schema(summary="Themes"), retrieve=extend_schema(summary="One theme"))
class ThemeViewSet(CachedListViewSet):
    serializer_class = serializers.ThemeSerializer

    def entries(self):
        return counts.vocabulary_counts()["theme"]


@extend_schema_view(list=extend_schema(summary="Age groups"), retrieve=extend_schema(summary="One age group"))
class AgeGroupViewSet(CachedListViewSet):
    serializer_class = serializers.AgeGroupSerializer

    def entries(self):
        return counts.vocabulary_counts()["age_group"]


@extend_schema_view(list=extend_schema(summary="Agencies (audiences)"), retrieve=extend_schema(summary="One agency"))
class AudienceViewSet(CachedListViewSet):
    serializer_class = serializers.AudienceSerializer

    def entries(self):
        return counts.vocabulary_counts()["audience"]


def publication_item_counts():
    """{publication id: published items}, recounted in the background after a change."""
    return recent(
        "api:publication-item-counts",
        lambda: dict(LearningItem.objects.published().order_by().values_list("publication_id").annotate(n=Count("pk"))),
    )


class WithItemCounts:
    def with_counts(self, publications):
        item_counts = publication_item_counts()
        for publication in publications:
            publication.item_count = item_counts.get(publication.pk, 0)
        return publications


@extend_schema_view(
    list=extend_schema(summary="Published publications (source documents), latest first"),
    retrieve=extend_schema(summary="One published publication", responses=serializers.PublicationDetailSerializer),
)
class PublicationViewSet(WithItemCounts, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PublicationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Publication.objects.published().select_related("board").latest_first()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(self.with_counts(page), many=True).data)

    def get_serializer_class(self):
        return serializers.PublicationDetailSerializer if self.action == "retrieve" else self.serializer_class

    def get_object(self):
        queryset = self.get_queryset().prefetch_related(Prefetch("reviews", queryset=Review.objects.published()))
        return self.with_counts([get_object_or_404(queryset, slug=self.kwargs["slug"])])[0]


@extend_schema_view(
    list=extend_schema(summary="Published reviews"), retrieve=extend_schema(summary="One published review")
)
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ReviewSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Review.objects.published()
            .select_related("board")
            .prefetch_related(Prefetch("publications", queryset=Publication.objects.published()))
        )


@extend_schema_view(
    list=extend_schema(summary="Boards and partnerships with published publications"),
    retrieve=extend_schema(summary="One board or partnership"),
)
class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.BoardSerializer
    lookup_field = "slug"

    def get_queryset(self):
        with_published = Board.objects.filter(published("publications__")).values("pk")
        return (
            Board.objects.filter(pk__in=with_published)
            .prefetch_related(Prefetch("publications", queryset=Publication.objects.published().latest_first()))
            .order_by("name")
        )


@extend_schema_view(list=extend_schema(summary="Glossary terms"), retrieve=extend_schema(summary="One glossary term"))
class GlossaryTermViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.GlossaryTermSerializer
    queryset = GlossaryTerm.objects.order_by("term")
    lookup_field = "term"
    lookup_value_regex = "[^/]+"


class DocsView(SpectacularSwaggerSplitView):
    """The API's page: what it offers in words (readable without JavaScript) and Swagger UI
    over the OpenAPI description. The page and its start-up script are separate requests,
    so the strict CSP holds: no inline script or style (api/templates/api/docs.html)."""

    template_name = "api/docs.html"
    template_name_js = "api/docs.js"
    url_name = "api:schema"
    throttle_classes = []  # the page; the schema it reads is throttled as the API is
    title = "Open data: the API"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            response.data.update(
                endpoints=[
                    ("Learning items", "api:item-list"),
                    ("Themes", "api:theme-list"),
                    ("Age groups", "api:agegroup-list"),
                    ("Agencies", "api:audience-list"),
                    ("Publications", "api:publication-list"),
                    ("Reviews", "api:review-list"),
                    ("Boards", "api:board-list"),
                    ("Glossary", "api:glossaryterm-list"),
                ],
                anon_rate=settings.API_ANON_RATE.replace("/", " a ", 1),
                csv_max_rows=settings.API_CSV_MAX_ROWS,
            )
        return response
