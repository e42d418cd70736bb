"""Public pages about where learning comes from: publications, boards and reviews, each with
the learning it holds (so they are learning's pages, built on reviews' models)."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView

from core.preview import PreviewResponseMixin, get_published_or_preview
from learning.models import LearningItem, public_items
from reviews.models import Board, Publication, Review, Section

PUBLISHED_ITEMS = public_items("items__")


class PublicationListView(ListView):
    template_name = "reviews/publication_list.html"
    context_object_name = "publications"

    def get_queryset(self):
        return (
            Publication.objects.published()
            .select_related("board")
            .annotate(item_count=Count("items", filter=PUBLISHED_ITEMS))
            .latest_first()
        )


class PublicationDetailView(PreviewResponseMixin, DetailView):
    """The publication's sections and items in source order, so it reads as published.
    Staff preview a draft publication with its draft items."""

    template_name = "reviews/publication_detail.html"
    context_object_name = "publication"

    def get_object(self, queryset=None):
        publication, self.preview = get_published_or_preview(
            self.request,
            Publication.objects.published().select_related("board"),
            Publication.objects.select_related("board"),
            slug=self.kwargs["slug"],
        )
        return publication

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        visible = LearningItem.objects.all() if self.preview else LearningItem.objects.published()
        items = (
            visible.filter(publication=self.object)
            .select_related("publication__board", "section", "short_publication")
            .prefetch_related("themes")
            .order_by("position")
        )
        sections = {section.pk: section for section in Section.objects.filter(publication=self.object)}
        context["parts"] = sections_with_items(sections, items)
        context["reviews"] = self.object.reviews.published()
        return context


def sections_with_items(sections, items):
    """Interleave sections and their items in source order: [(section or None, [items])]."""
    parts = []
    shown = set()
    for section_pk, group in groupby(items, key=lambda item: item.section_id):
        section = sections.get(section_pk)
        if section:
            shown.add(section.pk)
        parts.append((section, list(group)))
    for section in sections.values():
        if section.pk not in shown and section.introduction:
            parts.append((section, []))
    return sorted(parts, key=lambda part: part_position(part))


def part_position(part):
    section, items = part
    if section is not None:
        return (section.position, items[0].position if items else 0)
    return (items[0].section.position if items and items[0].section else 10**6, items[0].position if items else 0)


class BoardDetailView(DetailView):
    template_name = "reviews/board_detail.html"
    context_object_name = "board"
    queryset = Board.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publications"] = (
            self.object.publications.published()
            .annotate(item_count=Count("items", filter=PUBLISHED_ITEMS))
            .latest_first()
        )
        context["reviews"] = self.object.reviews.published()
        return context


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return (
            Review.objects.published()
            .select_related("board")
            .prefetch_related(Prefetch("publications", queryset=Publication.objects.published()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = (
            LearningItem.objects.published().filter(review=self.object).with_relations().order_by("position")
        )
        return context
