"""Reads for the public site that take more than one queryset method: the search and
filter page (search + FilterSet + facet counts + sorting + pagination)."""

import bisect
import hashlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef
from django.utils.functional import cached_property

from core.versioning import VOCABULARY, cached, kept_unless_touched, recent
from learning import recurrence
from learning.counts import kind_totals, site_totals
from learning.filters import ALL_PRACTITIONERS, FACET_FIELDS, SORT_CHOICES, ItemFilterSet
from learning.models import GlossaryTerm, LearningItem, Theme
from learning.options import filter_options
from learning.understanding import Hints, understand
from reviews.models import Board, Review
from search.query import words_of
from search.services import (
    FEW_RESULTS,
    best_matches,
    broadened,
    corrected,
    found_ids,
    result_limit,
    search_items,
    snippets_for,
)
from search.unanswered import record_unanswered

# Facets counted together from one query: each item has one kind and one publication,
# and a publication has one board and one year.
SOURCE_FACETS = {"publication", "board", "year"}
ALSO_SEARCHED_SHOWN = 8


@dataclass
class ItemSearch:
    filterset: ItemFilterSet
    outcome: object
    page: object
    sort: str
    facets: dict = field(default_factory=dict)
    notices: list = field(default_factory=list)
    count_capped: bool = False  # a search found more than the result limit; `total` is the limit
    hints: Hints = field(default_factory=Hints)

    @cached_property
    def snippets(self):
        return snippets_for(self.page.object_list, self.outcome.matched)

    @cached_property
    def explained_terms(self):
        return explained_terms(self.outcome)

    @property
    def offered_filters(self):
        """[(label, name, value)]: the kind, age group or theme the question names, as one-click
        filters, unless already chosen."""
        options = filter_options()
        chosen = set(self.filterset.active_values()) if self.filterset.is_bound else set()
        labels = {(name, value): label for name in ("kind", "age_group", "theme") for value, label in options[name]}
        return [
            (labels[(name, value)], name, value)
            for name, value in self.hints.offers()
            if (name, value) in labels and (name, value) not in chosen
        ]

    @property
    def also_searched_for(self):
        """What else the search looked for (synonyms, glossary expansions), to say so."""
        return self.outcome.parsed.alternatives[:ALSO_SEARCHED_SHOWN] if self.outcome.active else []

    @property
    def query(self):
        return self.outcome.raw

    @property
    def total(self):
        return self.page.paginator.count


class KnownCountPaginator(Paginator):
    """A paginator told its count (kept for the content version), whose `page_range` holds only
    the numbers the pagination include shows or stands an ellipsis for (the first two, two
    either side of the current page, the last two): its loop is a few steps at any corpus size,
    not one per page (5,000 when browsing 100,000 items). The page it draws is the same."""

    current = 1

    def __init__(self, object_list, per_page, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number):
        page = super().page(number)
        self.current = page.number
        return page

    @property
    def page_range(self):
        last = self.num_pages
        wanted = {1, 2, last - 1, last, *range(self.current - 2, self.current + 3)}
        return sorted(number for number in wanted if 1 <= number <= last)


def find_items(params, page_number=None, per_page=None, base_queryset=None):
    base = LearningItem.objects.published() if base_queryset is None else base_queryset
    params, notices = known_filter_values(params)
    filterset = ItemFilterSet(params, queryset=base)

    outcome = search_items(base, params.get("q", ""))
    sort = chosen_sort(params, outcome)
    hints = understand(outcome.raw, filter_options()["theme"]) if outcome.active else Hints()
    hints = hints.without(params)  # a filter already chosen needs no raising
    outcome, results = listed_results(outcome, filterset, sort, hints.boosts())
    notices += outcome.messages + shared_learning_notice(params)
    if outcome.active and results.count == 0:
        record_unanswered(outcome.raw)

    listed = with_card_details(results.listed)
    paginator = KnownCountPaginator(listed, per_page or settings.PAGE_SIZE, count=results.count)
    page = paginator.get_page(page_number)
    facets = cached_facet_counts(filterset, outcome)
    return ItemSearch(
        filterset=filterset,
        outcome=outcome,
        page=page,
        sort=sort,
        facets=facets,
        notices=notices,
        count_capped=results.capped,
        hints=hints,
    )


def shared_learning_notice(params):
    agencies = set(params.getlist("audience"))
    if agencies and ALL_PRACTITIONERS not in agencies:
        return ["Learning addressed to all practitioners is included with the agency you chose."]
    return []


def explained_terms(outcome, limit=5):
    """Glossary terms the search used (LADO, MASH, section 47), to say what they mean: from the
    glossary cached under the content version, so no query."""
    if not outcome.active:
        return []
    words = {" ".join(words_of(outcome.raw)), *words_of(outcome.raw)}
    glossary = cached(
        "learning:glossary-entries", lambda: list(GlossaryTerm.objects.order_by("term")), scope=VOCABULARY
    )
    return [entry for entry in glossary if entry.term.lower() in words][:limit]


def listed_results(outcome, filterset, sort, boosts=()):
    """The search's (or browse's) results. When a search of several words finds few, those of
    any of its words, most of the question first; when it finds nothing at all, those of the
    search with misspelt words corrected, if that finds something. Returns the outcome shown
    and its results."""
    typed = outcome
    outcome, results = widened(outcome, Results.of(outcome, filterset, sort, boosts), filterset, sort, boosts)
    if results.count == 0:
        retry = corrected(typed, filterset.queryset)
        if retry is not None:
            retry_results = Results.of(retry, filterset, sort, boosts)
            retry, retry_results = widened(retry, retry_results, filterset, sort, boosts)
            if retry_results.count:
                return retry, retry_results
        outcome.suggestion = typed.suggestion = ""  # offer no correction that finds nothing either
    return outcome, results


def widened(outcome, results, filterset, sort, boosts=()):
    """The search matching any of its words instead, when matching all of them finds few."""
    if results.count < FEW_RESULTS and (wider := broadened(outcome, filterset.queryset)) is not None:
        wider_results = Results.of(wider, filterset, sort, boosts)
        if wider_results.count > results.count:
            wider.suggestion, wider.showing_suggestion = outcome.suggestion, outcome.showing_suggestion
            return wider, wider_results
    return outcome, results


def chosen_sort(params, outcome):
    """The sort asked for, if it makes sense: relevance by default for a search, source order otherwise."""
    sort = params.get("sort") or ("relevance" if outcome.active else "source")
    if sort not in dict(SORT_CHOICES) or (sort == "relevance" and not outcome.active):
        return "source"
    return sort


def with_card_details(listed):
    """Results (a queryset or ItemsInOrder) fetched with what a card shows besides the item:
    its source and themes."""
    if isinstance(listed, ItemsInOrder):
        return ItemsInOrder(listed.ids, with_card_details(listed.queryset))
    return listed.select_related("publication__board", "section", "short_publication").prefetch_related("themes")


# Among equally relevant items: by publication, then in source order.
RELEVANCE_TIE_BREAKS = ("publication__slug", "position")


@dataclass
class Results:
    """What the list shows: every item of a browse, sorted by the database; for a search, the
    items found, up to the result limit, sorted among themselves."""

    listed: object  # a queryset, or ItemsInOrder: either way the paginator slices one page
    count: int
    capped: bool = False

    @classmethod
    def of(cls, outcome, filterset, sort, boosts=()):
        if outcome.active and sort == "relevance":
            chosen = filterset.filter_queryset_except(filterset.queryset, excluded=())
            ids, more = best_matches(outcome, chosen, RELEVANCE_TIE_BREAKS, boosts=boosts)
            return cls(ItemsInOrder(ids, filterset.queryset), len(ids), more)
        filtered = filterset.filter_queryset_except(outcome.queryset, excluded=())
        if not outcome.active:
            count = browse_count(filterset, outcome)
            if sort == "source":
                kinds = [str(kind) for kind in filterset.form.cleaned_data.get("kind") or ()]
                return cls(ItemsInOrder(WalkedIds(filtered, count, kinds), filterset.queryset), count)
            return cls(order(filtered, sort), count)
        limit = result_limit()
        ids = found_ids(filtered, limit)
        listed = order(filtered.filter(pk__in=ids[:limit]), sort)
        return cls(listed, min(len(ids), limit), capped=len(ids) > limit)


def browse_count(filterset, outcome):
    """How many items a browse (no search) lists, from its facet counts rather than a count of
    its own: each item has one kind, so the kind counts add up to the items listed (those of the
    kinds chosen, when kinds are: their counts leave the kind filter out). Kept and recounted with
    the facets, so after a change the page says the number from before for the moment a recount
    takes, and counting a large theme costs no query of its own."""
    kinds = cached_facet_counts(filterset, outcome)["kind"]
    chosen = {str(kind) for kind in filterset.form.cleaned_data.get("kind") or ()}
    return sum(n for kind, n in kinds.items() if not chosen or kind in chosen)


class WalkedIds(Sequence):
    """The ids of a browse in source order, `count` of them, read only as far as the slice asked
    for: walked publication by publication when the browse holds a good share of the items walked
    (all items, or those of the `kinds` chosen, which the walk reads through the index on
    publication, kind and position): a page then costs about its own length / that share of
    probes, at any corpus size. The matches are sorted instead when the browse holds few (cheaper
    than walking past every other item)."""

    def __init__(self, queryset, count, kinds=()):
        self.queryset, self.count, self.kinds = queryset, count, kinds

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        start, stop, step = index.indices(self.count)
        if stop <= start:
            return []
        if stop * self.walked() < self.count * self.count:  # a good share: walk
            ids = self.queryset.first_ids_in_source_order(stop)
        else:
            ids = list(self.queryset.in_source_order().values_list("pk", flat=True)[:stop])
        return ids[start:stop:step]

    def walked(self):
        """How many items a walk reads past, at most: those of the kinds chosen, or all."""
        if self.kinds:
            totals = kind_totals()
            return sum(totals.get(kind, 0) for kind in self.kinds)
        return site_totals()["items"]


class ItemsInOrder(Sequence):
    """Items whose order is already known, as ids: a slice (a page) fetches only its items."""

    def __init__(self, ids, queryset):
        self.ids, self.queryset = ids, queryset

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        by_pk = {item.pk: item for item in self.queryset.order_by().filter(pk__in=ids)} if ids else {}
        return [by_pk[pk] for pk in ids if pk in by_pk]


def known_filter_values(params):
    """Drop filter values that match no option (a stale or mistyped link), saying so."""
    options = filter_options()
    cleaned = params.copy()
    notices = []
    for name in FACET_FIELDS:
        values = params.getlist(name)
        known = {value for value, _label in options[name]}
        kept = [value for value in values if value in known]
        if len(kept) != len(values):
            label = ItemFilterSet.base_filters[name].label.lower()
            notices.append(f"We did not recognise the {label} you chose, so it was ignored.")
            cleaned.setlist(name, kept)
    return cleaned, notices


def order(queryset, sort):
    """A browse, or a search not sorted by relevance, in the database's order."""
    if sort == "newest":
        return queryset.order_by(
            F("publication__published_on").desc(nulls_last=True),
            F("publication__year").desc(nulls_last=True),
            "publication__slug",
            "position",
        )
    return queryset.in_source_order()


def facet_counts(filterset, searched):
    """{facet name: {value: count}}: for each option, how many results choosing it would give."""
    return count_facets(facet_queries(filterset, searched))


def facet_queries(filterset, searched):
    """The queries behind `facet_counts`, built (not run), so that a background recount runs
    them without touching the request's filterset: [(facet name or None, fields, queryset)].
    None names a query whose rows carry the source facets (and the kind, when it leads)."""
    queries = []
    for name, relation in ItemFilterSet.M2M.items():
        queryset = filterset.filter_queryset_except(searched, excluded={name})
        queries.append((name, (f"{relation}__slug",), queryset))
    active = {name for name, _value in filterset.active_values()}
    if not active:  # every facet counts the same set: find it once (`count_facets_at_once`)
        return [(ALL_AT_ONCE, (), searched)]
    sources = ("publication__slug", "publication__board__slug", "publication__year")
    if active & ({"kind"} | SOURCE_FACETS):
        queries.append(("kind", ("kind",), filterset.filter_queryset_except(searched, excluded={"kind"})))
        queries.append((None, sources, filterset.filter_queryset_except(searched, excluded=SOURCE_FACETS)))
    else:  # one query gives both: each item has one kind and one publication
        queries.append((None, ("kind", *sources), filterset.filter_queryset_except(searched, excluded=())))
    return queries


def count_facets(queries):
    counts = {name: Counter() for name in (*ItemFilterSet.M2M, "kind", *SOURCE_FACETS)}
    for name, fields, queryset in queries:
        if name is ALL_AT_ONCE:
            count_facets_at_once(queryset, counts)
            continue
        rows = queryset.order_by().values_list(*fields).annotate(n=Count("pk"))
        if name is not None:
            counts[name].update({value: n for value, n in rows if value})
            continue
        for *values, n in rows:
            if len(values) == 4:
                counts["kind"][values.pop(0)] += n
            publication, board, year = values
            counts["publication"][publication] += n
            counts["board"][board] += n
            if year:
                counts["year"][str(year)] += n
    return {name: dict(values) for name, values in counts.items()}


ALL_AT_ONCE = object()  # a plan step: every facet over one set, in one statement


def count_facets_at_once(queryset, counts):
    """Every facet's counts over `queryset` in one statement: its matches found once
    (materialised), then counted per theme, age group, agency, and per kind and source. For a
    broad search after a change, the matching is most of the cost, so once instead of four
    times."""
    ids_sql, params = queryset.order_by().values("pk").query.sql_with_params()
    item = LearningItem._meta
    publication = item.get_field("publication").related_model._meta
    board = publication.get_field("board").related_model._meta
    parts = []
    for name, relation in ItemFilterSet.M2M.items():
        field = item.get_field(relation)
        through, target = field.remote_field.through._meta.db_table, field.related_model._meta.db_table
        column = f"{field.related_model._meta.model_name}_id"
        parts.append(
            f"SELECT '{name}', t.slug, NULL, NULL, NULL, COUNT(*) FROM m "  # noqa: S608 - names from the models
            f"JOIN {through} x ON x.learningitem_id = m.id JOIN {target} t ON t.id = x.{column} GROUP BY t.slug"
        )
    parts.append(
        f"SELECT 'source', i.kind, p.slug, b.slug, CAST(p.year AS TEXT), COUNT(*) FROM m "  # noqa: S608 - names from the models
        f"JOIN {item.db_table} i ON i.id = m.id JOIN {publication.db_table} p ON p.id = i.publication_id "
        f"JOIN {board.db_table} b ON b.id = p.board_id GROUP BY i.kind, p.slug, b.slug, p.year"
    )
    sql = f"WITH m(id) AS MATERIALIZED ({ids_sql}) " + " UNION ALL ".join(parts)
    with connections[queryset.db].cursor() as cursor:  # the database the router chose for reads
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for name, value, publication_slug, board_slug, year, n in rows:
        if name != "source":
            if value:
                counts[name][value] += n
            continue
        counts["kind"][value] += n
        counts["publication"][publication_slug] += n
        counts["board"][board_slug] += n
        if year:
            counts["year"][str(year)] += n


def cached_facet_counts(filterset, outcome):
    """`facet_counts`, kept for the current content version (recounted in the background after
    a change, core.versioning.recent): a broad search such as "child" counts tens of thousands
    of matches per facet, and popular searches repeat."""
    chosen = sorted((name, str(value)) for name, value in filterset.active_values())
    words = repr((outcome.parsed.groups, outcome.parsed.excluded, outcome.broadened)) if outcome.active else ""
    key = hashlib.sha256(repr((words, chosen)).encode()).hexdigest()
    queries = facet_queries(filterset, outcome.queryset)
    return recent(f"facets:{key}", partial(count_facets, queries))


# The filter panel's order: the facets a practitioner narrows by first (who the child is, what
# kind of learning, which agency) open at the top; the long lists after them, folded.
PANEL_ORDER = ["age_group", "kind", "audience", "theme", "board", "publication", "year"]
PANEL_OPEN = {"age_group", "kind", "audience"}
# Facets listed alphabetically rather than in their editorial order: a stable order to scan, which
# does not move an option as counts change (as an order by count would, under a ticked box).
PANEL_ALPHABETICAL = {"theme"}
PANEL_SEARCHABLE_OVER = 8  # a folded list longer than this gets a filter-as-you-type box (JavaScript)


def facet_choices(filterset, facets):
    """The filter panel (templates/learning/includes/filter_panel.html) as plain data, so that it
    renders without a widget template per checkbox: for each facet, in PANEL_ORDER, the options
    that would give results (plus chosen ones), in the options' order (themes alphabetically),
    labelled with their counts; the options come from the cached filter options and the cached
    counts, so building the panel runs no query.

    [{"name", "legend", "errors", "folded", "searchable", "chosen",
      "options": [{"value", "label", "id", "checked"}]}]; the ids (id_<facet>_<n>, counting the
    options shown from 1) are those the form's rendering gave. `chosen` counts the ticked options,
    for the folded facet's summary."""
    options = filter_options()
    data = filterset.form.data if filterset.is_bound else None
    errors = filterset.form.errors if filterset.is_bound else {}
    panel = []
    for name in PANEL_ORDER:
        chosen = set(data.getlist(name)) if data else set()
        counts = facets.get(name, {})
        shown = []
        listed = options[name]
        if name in PANEL_ALPHABETICAL:
            listed = sorted(listed, key=lambda option: option[1].casefold())
        for value, label in listed:
            n = counts.get(value, 0)
            if n or value in chosen:
                shown.append(
                    {
                        "value": value,
                        "label": f"{label} ({n})",
                        "id": f"id_{name}_{len(shown) + 1}",
                        "checked": value in chosen,
                    }
                )
        panel.append(
            {
                "name": name,
                "legend": filterset.filters[name].label,
                "errors": errors.get(name, []),
                "options": shown,
                "folded": name not in PANEL_OPEN and not errors.get(name),
                "searchable": name not in PANEL_OPEN and len(shown) > PANEL_SEARCHABLE_OVER,
                "chosen": sum(option["checked"] for option in shown),
            }
        )
    return panel


# The list of reviews (learning/views/sources.py ReviewListView): its filter options and its reviews.


def build_review_filter_options():
    """The boards, types and years the published reviews have (each offered only if a review has
    it), and every theme, for the reviews list's filters."""
    reviews = Review.objects.published()
    years = set()
    for year_from, year_to, year_reported in reviews.values_list("year_from", "year_to", "year_reported"):
        if year_from is not None:
            years.update(range(year_from, (year_to or year_from) + 1))
        elif year_reported:
            years.add(year_reported)
    kinds = set(reviews.values_list("kind", flat=True).distinct())
    return {
        "board": list(Board.objects.filter(Exists(reviews.filter(board=OuterRef("pk")))).values_list("slug", "name")),
        "kind": [(value, label) for value, label in Review.Kind.choices if value in kinds],
        "year": [(str(year), str(year)) for year in sorted(years, reverse=True)],
        "theme": list(Theme.objects.order_by("name").values_list("slug", "name")),
    }


def review_filter_options():
    """Cached under the content version: reviews are content (a review's year can change)."""
    return cached("learning:review-filter-options", build_review_filter_options)


def themes_reviews_raised():
    """Slugs of the themes some published review raised (learning/recurrence.py's counts, which
    may lag a change by a recount): the themes the reviews list offers."""
    return {row["slug"] for row in recurrence.theme_recurrence()["rows"] if row["reviews"]}


def reviews_raising_theme(slug):
    """Ids of the published reviews that raised the theme `slug`: those its public learning comes
    from, by the one rule of learning/recurrence.py (`ReviewIndex.reviews_of`). At 300,000 items
    finding them is a walk over the theme's 20,000 items (about 100 ms), so it is kept past a
    change of items none of which is in the theme now or was among those it was found from."""

    def compute():
        index = recurrence.review_index()
        rows = LearningItem.objects.published().filter(themes__slug=slug).order_by("pk")
        reviews, found_from = set(), array("q")
        for pk, review_id, publication_id in rows.values_list("pk", "review_id", "publication_id"):
            found_from.append(pk)
            reviews.update(index.reviews_of(review_id, publication_id))
        return sorted(reviews), found_from, index.by_publication

    def touched(kept, changed):
        # an item that left the theme (or its publication, or was withdrawn) was among those found
        # from; one that joined is in it now; and an item anywhere naming a review for the first
        # time changes which reviews its publication's unnamed learning is from
        _, found_from, by_publication = kept
        return (
            any(_holds(found_from, pk) for pk in changed)
            or recurrence.review_index().by_publication != by_publication
            or LearningItem.objects.filter(pk__in=changed, themes__slug=slug).exists()
        )

    return kept_unless_touched(f"learning:reviews-raising-theme:{slug}", compute, touched)[0]


def _holds(sorted_ids, pk):
    at = bisect.bisect_left(sorted_ids, pk)
    return at < len(sorted_ids) and sorted_ids[at] == pk


def find_reviews(board="", kind="", year=None, theme=""):
    """Published reviews narrowed by each filter given (a board's or theme's slug, a type, a year),
    latest first, with their board."""
    reviews = Review.objects.published().select_related("board")
    if board:
        reviews = reviews.filter(board__slug=board)
    if kind:
        reviews = reviews.of_kind(kind)
    if year:
        reviews = reviews.in_year(year)
    if theme:
        reviews = reviews.filter(pk__in=reviews_raising_theme(theme))
    return reviews.latest_first()
