"""What the API says of each published thing. Read-only; every object carries its stable key
(slugs; for an item, its publication's slug and its key), the API address of itself (`url`)
and of its page on the site (`site_url`)."""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Status


def absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class LinkField(serializers.Field):
    """An absolute link made from the object by `link(obj)` (a path)."""

    def __init__(self, link, **kwargs):
        self.link = link
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = self.link(value)
        return absolute(self.parent, path) if path else None


LinkField = extend_schema_field(OpenApiTypes.URI)(LinkField)


def items_path(**params):
    return reverse("api:item-list") + "?" + urlencode(params)


def site_list_path(**params):
    return reverse("learning:item_list") + "?" + urlencode(params)


# Vocabularies --------------------------------------------------------------------------------


class VocabularySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    item_count = serializers.IntegerField(
        read_only=True, help_text="Published learning items tagged with it (recounted shortly after a change)."
    )
    url = serializers.SerializerMethodField(help_text="This entry in the API.")
    items_url = serializers.SerializerMethodField(help_text="Its published learning items, in the API.")
    site_url = serializers.SerializerMethodField(help_text="Its learning on the site.")

    filter_name = detail_name = ""  # the item list's parameter; the detail endpoint's URL name

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, entry):
        return absolute(self, reverse(f"api:{self.detail_name}", args=[entry.slug]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_items_url(self, entry):
        return absolute(self, items_path(**{self.filter_name: entry.slug}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_site_url(self, entry):
        return absolute(self, site_list_path(**{self.filter_name: entry.slug}))


class ThemeSerializer(VocabularySerializer):
    filter_name, detail_name = "theme", "theme-detail"

    @extend_schema_field(OpenApiTypes.URI)
    def get_site_url(self, entry):
        return absolute(self, entry.get_absolute_url())


class AgeGroupSerializer(VocabularySerializer):
    filter_name, detail_name = "age_group", "agegroup-detail"


class AudienceSerializer(VocabularySerializer):
    filter_name, detail_name = "audience", "audience-detail"


class TagSerializer(serializers.Serializer):
    """A theme, age group or agency an item is tagged with."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


# Where learning comes from -------------------------------------------------------------------


class BoardRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    url = LinkField(lambda board: reverse("api:board-detail", args=[board.slug]))


class PublicationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    title = serializers.CharField(read_only=True)
    url = LinkField(lambda publication: reverse("api:publication-detail", args=[publication.slug]))
    site_url = LinkField(lambda publication: publication.get_absolute_url())


class ReviewRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    title = serializers.CharField(read_only=True)
    url = LinkField(lambda review: reverse("api:review-detail", args=[review.slug]))
    site_url = LinkField(lambda review: review.get_absolute_url())


class PublishedList(serializers.ListSerializer):
    """Of a prefetched relation, only the published ones (a draft review's publications...)."""

    def to_representation(self, data):
        return super().to_representation([obj for obj in data.all() if obj.status == Status.PUBLISHED])


class PublicationSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    title = serializers.CharField(read_only=True)
    short_title = serializers.CharField(read_only=True, help_text="Used in citations.")
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    board = BoardRefSerializer(read_only=True)
    published_on = serializers.DateField(read_only=True, help_text="The date the document gives, if any.")
    date_text = serializers.CharField(read_only=True, help_text="The date exactly as the document states it.")
    year = serializers.IntegerField(read_only=True, allow_null=True)
    source_url = serializers.CharField(source="url", read_only=True, help_text="A link the document itself gives.")
    summary = serializers.CharField(read_only=True)
    item_count = serializers.IntegerField(read_only=True, help_text="Its published learning items.")
    url = LinkField(lambda publication: reverse("api:publication-detail", args=[publication.slug]))
    items_url = LinkField(lambda publication: items_path(publication=publication.slug))
    site_url = LinkField(lambda publication: publication.get_absolute_url())


class PublicationDetailSerializer(PublicationSerializer):
    introduction = serializers.CharField(read_only=True, help_text="The document's own introduction, word for word.")
    reviews = PublishedList(child=ReviewRefSerializer(), read_only=True)


class ReviewSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    board = BoardRefSerializer(read_only=True)
    period = serializers.CharField(read_only=True, help_text="As the source states it.")
    number_of_children = serializers.IntegerField(read_only=True, allow_null=True)
    summary = serializers.CharField(read_only=True, help_text="What the sources say about the review, word for word.")
    categories_of_abuse = serializers.CharField(read_only=True)
    demographics = serializers.CharField(read_only=True)
    publications = PublishedList(child=PublicationRefSerializer(), read_only=True)
    url = LinkField(lambda review: reverse("api:review-detail", args=[review.slug]))
    site_url = LinkField(lambda review: review.get_absolute_url())


class BoardSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, help_text="Stable identifier.")
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    area = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True, help_text="As the publications give it.")
    email = serializers.CharField(read_only=True)
    contact = serializers.CharField(read_only=True, help_text="Contact details as the publications give them.")
    publications = PublishedList(child=PublicationRefSerializer(), read_only=True)
    url = LinkField(lambda board: reverse("api:board-detail", args=[board.slug]))
    items_url = LinkField(lambda board: items_path(board=board.slug))
    site_url = LinkField(lambda board: board.get_absolute_url())


class GlossaryTermSerializer(serializers.Serializer):
    term = serializers.CharField(read_only=True, help_text="Stable identifier, as written in the texts.")
    expansion = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    general = serializers.BooleanField(
        read_only=True, help_text="From general guidance, not a publication: a term the publications do not use."
    )
    source = serializers.CharField(read_only=True, help_text="Where the expansion comes from.")
    url = LinkField(lambda term: reverse("api:glossaryterm-detail", args=[term.term]))


# Learning items ------------------------------------------------------------------------------


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True, help_text="Stable within the publication.")
    number = serializers.CharField(read_only=True, help_text="The section number the document gives.")
    title = serializers.CharField(read_only=True)


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        read_only=True,
        help_text="The database id: stable while the item exists, but not across a re-import. The stable key is "
        "(publication.slug, key).",
    )
    key = serializers.CharField(read_only=True, help_text="Stable identifier within its publication, e.g. 5-b.")
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(read_only=True, help_text="Heading, where the source gives one.")
    text = serializers.CharField(read_only=True, help_text="The full wording, exactly as stored.")
    short_text = serializers.SerializerMethodField(
        help_text="The short wording from a summary leaflet, while that leaflet is published; else null."
    )
    short_publication = serializers.SerializerMethodField()
    short_locator = serializers.SerializerMethodField()
    publication = PublicationRefSerializer(read_only=True)
    board = BoardRefSerializer(source="publication.board", read_only=True)
    section = SectionSerializer(read_only=True, allow_null=True)
    locator = serializers.CharField(read_only=True, help_text='Where it stands in the source: "b" or "5.13".')
    citation = serializers.CharField(read_only=True, help_text="Board, publication and place in it.")
    review = serializers.SerializerMethodField(help_text="The (published) review it comes from, where the source says.")
    themes = TagSerializer(many=True, read_only=True)
    age_groups = TagSerializer(many=True, read_only=True)
    audiences = TagSerializer(many=True, read_only=True, help_text="Agencies it speaks to.")
    source_year = serializers.IntegerField(source="publication.year", read_only=True, allow_null=True)
    source_date = serializers.DateField(source="publication.published_on", read_only=True, allow_null=True)
    published_at = serializers.DateTimeField(read_only=True, help_text="When it was first public on this site.")
    url = LinkField(lambda item: reverse("api:item-detail", args=[item.publication.slug, item.key]))
    site_url = LinkField(lambda item: item.get_absolute_url())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_short_text(self, item):
        return item.short_text if item.shows_short_wording else None

    @extend_schema_field(PublicationRefSerializer(allow_null=True))
    def get_short_publication(self, item):
        if not item.shows_short_wording or item.short_publication_id is None:
            return None
        return PublicationRefSerializer(item.short_publication, context=self.context).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_short_locator(self, item):
        return item.short_locator if item.shows_short_wording else None

    @extend_schema_field(ReviewRefSerializer(allow_null=True))
    def get_review(self, item):
        review = item.review
        if review is None or review.status != Status.PUBLISHED:
            return None
        return ReviewRefSerializer(review, context=self.context).data
