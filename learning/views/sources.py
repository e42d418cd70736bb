"""Public pages about where learning comes from: publications, boards and reviews, each with
the learning it holds (so they are learning's pages, built on reviews' models)."""

from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from core.preview import PreviewResponseMixin, get_published_or_preview
from learning.counts import with_item_counts
from learning.models import KIND_PLURALS, Kind, LearningItem
from learning.selectors import KnownCountPaginator, find_reviews, review_filter_options, themes_reviews_raised
from reviews.models import Board, Publication, Review, Section

REVIEWS_PER_PAGE = 20
# A publication's items a page: more than any real publication holds (Derby's report has 111), so
# a publication reads as one page, while a very long one is split rather than drawn whole.
PUBLICATION_ITEMS_PER_PAGE = 200
# A review's learning a page: more than any real review holds, so a review reads as one page,
# while the page stays the same size however many items a review gathers.
REVIEW_ITEMS_PER_PAGE = 50
HISTORY_AROUND = 5  # a review page lists this many of the board's reviews before and after it


def trail(*crumbs):
    """The `breadcrumbs` context of a page (includes/breadcrumbs.html puts Home first)."""
    return list(crumbs)


def reviews_crumb():
    return (reverse("learning:review_list"), "Reviews")


def publications_crumb():
    return (reverse("learning:publication_list"), "Publications")


class PublicationListView(ListView):
    template_name = "reviews/publication_list.html"
    context_object_name = "publications"
    extra_context = {"breadcrumbs": []}

    def get_queryset(self):
        return with_item_counts(Publication.objects.published().select_related("board").latest_first())


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
        context["breadcrumbs"] = trail(publications_crumb())
        visible = LearningItem.objects.all() if self.preview else LearningItem.objects.published()
        items = visible.filter(publication=self.object).order_by("position")
        page = self.items_page(items)
        shown = page.object_list.select_related("publication__board", "section", "short_publication")
        sections = {section.pk: section for section in Section.objects.filter(publication=self.object)}
        context["parts"] = sections_with_items(sections, shown.prefetch_related("themes"), empty=page.number == 1)
        context["page_obj"] = page
        context["reviews"] = self.object.reviews.published()
        return context

    def items_page(self, items):
        """The page of the publication's items asked for, or the one holding `?item=<key>` (the
        item page's "Read it in the publication" link, which cannot know the page)."""
        number = self.request.GET.get("page")
        wanted = self.request.GET.get("item")
        if number is None and wanted:
            position = items.filter(key=wanted[:80]).values_list("position", flat=True).first()
            if position is not None:
                number = items.filter(position__lt=position).count() // PUBLICATION_ITEMS_PER_PAGE + 1
        return KnownCountPaginator(items, PUBLICATION_ITEMS_PER_PAGE).get_page(number)


def sections_with_items(sections, items, empty=True):
    """Interleave sections and their items in source order: [(section or None, [items])], with
    the sections that hold no item but an introduction where `empty` (on a publication's first page)."""
    parts = []
    shown = set()
    for section_pk, group in groupby(items, key=lambda item: item.section_id):
        section = sections.get(section_pk)
        if section:
            shown.add(section.pk)
        parts.append((section, list(group)))
    for section in sections.values() if empty else ():
        if section.pk not in shown and section.introduction:
            parts.append((section, []))
    return sorted(parts, key=lambda part: part_position(part))


def part_position(part):
    section, items = part
    if section is not None:
        return (section.position, items[0].position if items else 0)
    return (items[0].section.position if items and items[0].section else 10**6, items[0].position if items else 0)


class ReviewFilterForm(forms.Form):
    """The reviews list's filters, read from the query string; the template renders them (GOV.UK
    selects). Choices come from the reviews there are, so an unknown value is an error."""

    board = forms.ChoiceField(required=False, label="Board or partnership")
    kind = forms.ChoiceField(required=False, label="Type of review")
    year = forms.ChoiceField(required=False, label="Year")
    theme = forms.ChoiceField(required=False, label="Theme")

    ERRORS = {
        "board": "Choose a board or partnership from the list",
        "kind": "Choose a type of review from the list",
        "year": "Choose a year from the list",
        "theme": "Choose a theme from the list",
    }

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.choices = [("", "Any")] + list(options[name])
            field.error_messages["invalid_choice"] = self.ERRORS[name]

    def chosen(self):
        """The valid filters (a bad one is left out, and reported by the page)."""
        self.is_valid()
        cleaned = {name: value for name, value in self.cleaned_data.items() if value}
        if "year" in cleaned:
            cleaned["year"] = int(cleaned["year"])
        return cleaned


class ReviewListView(TemplateView):
    """Published reviews, latest first, narrowed by board, type, year and theme: a fixed number of
    queries (the filter options and a theme's reviews are cached; count, page, publications)."""

    template_name = "reviews/review_list.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 400 if context["form"].errors else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = review_filter_options()
        form = ReviewFilterForm(self.request.GET, options=options)
        chosen = form.chosen()
        raised = themes_reviews_raised()  # every theme is a valid filter; those reviews raised are offered
        shown = dict(options)
        shown["theme"] = [
            (slug, name) for slug, name in options["theme"] if slug in raised or slug == chosen.get("theme")
        ]
        filters = [
            {
                "name": name,
                "label": field.label,
                "errors": form.errors.get(name, []),
                "options": [
                    (value, label, value == str(chosen.get(name, ""))) for value, label in [("", "Any"), *shown[name]]
                ],
            }
            for name, field in form.fields.items()
        ]
        reviews = find_reviews(**chosen).prefetch_related(
            Prefetch("publications", queryset=Publication.objects.published().order_by("title"))
        )
        page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(self.request.GET.get("page"))
        labels = {name: dict(options[name]) for name in options}
        context.update(
            form=form,
            page_obj=page,
            reviews=page.object_list,
            total=page.paginator.count,
            chosen=[
                {"name": name, "label": form.fields[name].label, "value": labels[name].get(str(value), value)}
                for name, value in chosen.items()
            ],
            filters=filters,
            breadcrumbs=trail(),
        )
        return context


class BoardDetailView(DetailView):
    """A board or partnership: its area and contacts as the seeds give them, its reviews in time
    order and its publications."""

    template_name = "reviews/board_detail.html"
    context_object_name = "board"
    queryset = Board.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publications"] = with_item_counts(self.object.publications.published().latest_first())
        reviews = self.object.reviews.published().in_time_order()
        context["page_obj"] = Paginator(reviews, 50).get_page(self.request.GET.get("page"))
        context["reviews"] = context["page_obj"].object_list
        context["breadcrumbs"] = trail(reviews_crumb())
        return context


class ReviewDetailView(DetailView):
    """A review's record, its learning grouped by kind, its publications and its place in its
    board's history: a fixed number of queries however much learning it holds."""

    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return (
            Review.objects.published()
            .select_related("board")
            .prefetch_related(Prefetch("publications", queryset=Publication.objects.published().latest_first()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        learning = review_learning(self.object)
        counts = learning.kind_counts()
        ordered = learning.with_relations().order_by(in_kind_order(), "publication__published_on", "position")
        paginator = KnownCountPaginator(ordered, REVIEW_ITEMS_PER_PAGE, count=sum(counts.values()))
        page = paginator.get_page(self.request.GET.get("page"))
        items = list(page.object_list)
        context["groups"] = grouped_by_kind(items, counts)
        context["kinds"] = kinds_and_their_pages(counts, page.number)
        context["page_obj"] = page
        context["shared_learning"] = bool(items) and all(item.review_id is None for item in items)
        context["item_count"] = paginator.count
        context["history"] = board_history(self.object)
        context["breadcrumbs"] = trail(reviews_crumb(), (self.object.board.get_absolute_url(), self.object.board.name))
        return context


def review_learning(review):
    """The public learning a review raised: the items that name it; or, for a review no item
    names, the items of its publications that name no review (Derby's report speaks for its
    serious case reviews, its learning reviews and its overview of both at once). The same rule
    as learning/recurrence.py's `ReviewIndex.reviews_of`. Which of the two is asked first (one
    query), so that each reads through its own index: one query with either rule OR-ed in made
    SQLite scan every item (465 ms at 300,000 items)."""
    if LearningItem.objects.filter(review=review).exists():
        return LearningItem.objects.published().filter(review=review)
    its_publications = Review.publications.through.objects.filter(review=review).values("publication_id")
    return LearningItem.objects.published().filter(review__isnull=True, publication_id__in=its_publications)


def in_kind_order():
    """An ordering expression: the kinds' own order (key learning first), not the alphabet's."""
    whens = [When(kind=kind.value, then=Value(n)) for n, kind in enumerate(Kind)]
    return Case(*whens, default=Value(len(Kind)), output_field=IntegerField())


def grouped_by_kind(items, counts):
    """[{"kind", "heading", "items", "total"}] in the order of the kinds, each group's items (those
    of this page) in source order, with how many of that kind the review holds in all (`counts`)."""
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return [
        {"kind": kind.value, "heading": KIND_PLURALS[kind], "items": by_kind[kind.value], "total": counts[kind.value]}
        for kind in Kind
        if kind.value in by_kind
    ]


def kinds_and_their_pages(counts, current):
    """[{"kind", "heading", "count", "page", "here"}]: each kind the review's learning holds, in
    the kinds' order, with the page its first item is on (the pages list kind after kind) and
    whether that is the page shown."""
    kinds, before = [], 0
    for kind in Kind:
        if counts.get(kind.value):
            page = before // REVIEW_ITEMS_PER_PAGE + 1
            kinds.append(
                {"kind": kind.value, "heading": KIND_PLURALS[kind], "count": counts[kind.value], "page": page}
                | {"here": page == current}
            )
            before += counts[kind.value]
    return kinds


def board_history(review):
    """The board's published reviews in time order around this one (marked `current`), with how
    many come before and after the ones shown; one query of a few columns."""
    rows = list(
        Review.objects.published()
        .for_board(review.board_id)
        .in_time_order()
        .only("pk", "slug", "title", "kind", "period", "year_from", "year_to", "year_reported")
    )
    at = next((n for n, row in enumerate(rows) if row.pk == review.pk), 0)
    start, end = max(0, at - HISTORY_AROUND), at + HISTORY_AROUND + 1
    shown = rows[start:end]
    for row in shown:
        row.current = row.pk == review.pk
    return {"reviews": shown, "earlier": start, "later": max(0, len(rows) - end), "total": len(rows)}
