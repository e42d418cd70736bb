"""What keeps coming back, review after review: for every theme, the reviews and publications
that raised it and in which years; from a theme, those reviews in time order; and, on an item
page, the learning from other reviews and other years that makes the same point ("raised
before").

Which review an item comes from is said here once (`ReviewIndex.reviews_of`): the review it
names; or, for an item that names none, the reviews its publication reports on, where none of
them has learning linked to it by name (Derby's report speaks for its serious case reviews, its
learning reviews and its overview of both, and names neither for any one point). A review
raises a theme when one of its public learning items is tagged with it; only published reviews
count. A review's years are the years its period covers, else the year it was reported
(`Review.years`).

Everything is computed from a handful of grouped queries and kept for the content version
(core/versioning.py): the reviews' index and each item's "raised before" exactly, past a change
only when no item changed can alter them (`kept_unless_touched`); the counts per theme and a
theme's reviews with `recent`, as the site's other counts are (after a change the page shows
the figures from before while they are recounted in the background).
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from core.versioning import kept_unless_touched, recent
from learning.models import LearningItem, Theme, public_items
from reviews.models import Review
from search import query as search_query

Tags = LearningItem.themes.through


@dataclass
class ReviewIndex:
    """The published reviews, as the recurrence pages and "raised before" show them."""

    reviews: dict = field(default_factory=dict)  # id -> {slug, title, kind, board_*, years, when, order}
    by_publication: dict = field(default_factory=dict)  # publication id -> ids of the reviews it speaks for
    boards: list = field(default_factory=list)  # [(slug, name, id)] of boards with published reviews

    def reviews_of(self, review_id, publication_id):
        """The published reviews an item of `review_id` (or None) in `publication_id` comes from."""
        if review_id is not None:
            return (review_id,) if review_id in self.reviews else ()
        return self.by_publication.get(publication_id, ())

    def years_of(self, review_ids):
        return set().union(*(self.reviews[pk]["years"] for pk in review_ids)) if review_ids else set()

    def board(self, slug):
        return next((board for board in self.boards if board[0] == slug), None)


def review_index():
    """The ReviewIndex for the current content version (two queries when it is computed)."""

    def compute():
        named = LearningItem.objects.filter(review=OuterRef("pk"))
        reviews = Review.objects.published().select_related("board").annotate(named=Exists(named))
        index, unnamed, boards = ReviewIndex(), set(), {}
        # Addresses from one reverse() each (2,000 reverse() calls take longer than the query).
        review_url, board_url = (reverse(name, args=["-slug-"]) for name in ("learning:review", "learning:board"))
        for review in reviews:
            years = tuple(review.years)
            index.reviews[review.pk] = {
                "slug": review.slug,
                "url": review_url.replace("-slug-", review.slug),
                "title": review.title,
                "kind": review.get_kind_display(),
                "board_id": review.board_id,
                "board_name": review.board.name,
                "board_short": review.board.short_name,
                "board_url": board_url.replace("-slug-", review.board.slug),
                "years": years,
                "when": review.when,
                "order": (years[0] if years else 10**4, years[-1] if years else 10**4, review.position, review.title),
            }
            boards[review.board.slug] = (review.board.slug, review.board.name, review.board_id)
            if not review.named:
                unnamed.add(review.pk)
        links = Review.publications.through.objects.filter(review_id__in=unnamed)
        by_publication = defaultdict(list)
        for review_id, publication_id in links.order_by("review_id").values_list("review_id", "publication_id"):
            by_publication[publication_id].append(review_id)
        index.by_publication = {pk: tuple(ids) for pk, ids in by_publication.items()}
        index.boards = sorted(boards.values(), key=lambda board: board[1])
        return index

    def touched(index, changed):
        # only a change of a review or of an item naming one can change which reviews have
        # learning linked to them by name
        return LearningItem.objects.filter(pk__in=changed, review__isnull=False).exists()

    return kept_unless_touched("recurrence:reviews", compute, touched)


def board_or_none(slug):
    """(slug, name, id) of a board with published reviews, or None."""
    return review_index().board(slug) if slug else None


# ---------------------------------------------------------------- recurring themes


def theme_recurrence(board=None):
    """For every theme that a review or a publication raised (narrowed to `board`'s reviews and
    publications, a (slug, name, id) from `board_or_none`): {"rows": [{slug, name, reviews,
    publications, items, years: {year: reviews}, undated: reviews}], "years": [first .. last],
    "reviews": how many reviews raised any}."""
    board_id = board[2] if board else None

    def compute():
        index = review_index()
        tags = Tags.objects.filter(public_items("learningitem__"))
        if board_id is not None:
            tags = tags.filter(
                Q(learningitem__publication__board_id=board_id) | Q(learningitem__review__board_id=board_id)
            )
        grouped = (
            tags.order_by()
            .values_list("theme_id", "learningitem__review_id", "learningitem__publication_id")
            .annotate(n=Count("pk"))
            .values_list(
                "theme_id",
                "learningitem__review_id",
                "learningitem__publication_id",
                "learningitem__publication__board_id",
                "n",
            )
        )
        raised = defaultdict(lambda: {"reviews": set(), "publications": set(), "items": 0})
        for theme_id, review_id, publication_id, publication_board, n in grouped:
            entry = raised[theme_id]
            if board_id is None or publication_board == board_id:
                entry["publications"].add(publication_id)
                entry["items"] += n
            for pk in index.reviews_of(review_id, publication_id):
                if board_id is None or index.reviews[pk]["board_id"] == board_id:
                    entry["reviews"].add(pk)
        rows, all_years, all_reviews = [], set(), set()
        for theme in Theme.objects.filter(pk__in=list(raised)).order_by("position", "name"):
            entry = raised[theme.pk]
            if not entry["publications"] and not entry["reviews"]:
                continue
            years = Counter(year for pk in entry["reviews"] for year in index.reviews[pk]["years"])
            all_years.update(years)
            all_reviews.update(entry["reviews"])
            rows.append(
                {
                    "slug": theme.slug,
                    "name": theme.name,
                    "position": theme.position,
                    "reviews": len(entry["reviews"]),
                    "publications": len(entry["publications"]),
                    "items": entry["items"],
                    "years": dict(sorted(years.items())),
                    "undated": sum(1 for pk in entry["reviews"] if not index.reviews[pk]["years"]),
                }
            )
        span = list(range(min(all_years), max(all_years) + 1)) if all_years else []
        return {"rows": rows, "years": span, "reviews": len(all_reviews)}

    return recent(f"recurrence:themes:{board_id or 'all'}", compute)


SORTS = {
    "recurrence": ("Most reviews", lambda row: (-row["reviews"], -row["publications"], row["name"].lower())),
    "name": ("Name", lambda row: row["name"].lower()),
}


def sorted_rows(rows, sort):
    return sorted(rows, key=SORTS[sort][1])


def theme_reviews(theme, board=None):
    """The published reviews that raised `theme` (narrowed to `board`), oldest first (by the
    period's start, else the year reported; undated last), each a dict of ReviewIndex's with
    `items`: how many of its public items on the theme."""
    board_id = board[2] if board else None

    def compute():
        index = review_index()
        grouped = (
            LearningItem.objects.published()
            .filter(themes=theme)
            .order_by()
            .values_list("review_id", "publication_id")
            .annotate(n=Count("pk"))
        )
        counts = Counter()
        for review_id, publication_id, n in grouped:
            for pk in index.reviews_of(review_id, publication_id):
                if board_id is None or index.reviews[pk]["board_id"] == board_id:
                    counts[pk] += n
        found = [{**index.reviews[pk], "items": n} for pk, n in counts.items()]
        return sorted(found, key=lambda review: review["order"])

    return recent(f"recurrence:theme:{theme.pk}:{board_id or 'all'}", compute)


# ---------------------------------------------------------------- raised before

RAISED_BEFORE_CANDIDATES_PER_THEME = 200
RAISED_BEFORE_MIN_SCORE = 4.0
WORD = re.compile(r"[a-z][a-z'-]{3,}")
# Besides the English stop words search ignores (one list, search.query.STOP_WORDS): the
# words that nearly every point of the texts uses, which tell no point from another.
STOP_WORDS = search_query.STOP_WORDS | frozenset(
    {
        "above",
        "again",
        "against",
        "agencies",
        "among",
        "below",
        "between",
        "both",
        "cannot",
        "child",
        "children",
        "down",
        "during",
        "each",
        "ensure",
        "every",
        "further",
        "here",
        "itself",
        "more",
        "most",
        "need",
        "needs",
        "only",
        "other",
        "ought",
        "over",
        "people",
        "practitioners",
        "professionals",
        "same",
        "theirs",
        "through",
        "under",
        "until",
        "upon",
        "within",
        "without",
        "young",
    }
)


def terms(text):
    """The words of `text` that can tell one point from another (lower case, four letters or
    more, not the commonest words of the texts), plurals made singular (babies: baby)."""
    words = set()
    for word in WORD.findall(text.lower()):
        word = word.strip("'-")
        if len(word) < 4 or word in STOP_WORDS:
            continue
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


def raised_before_ids(item, limit=5):
    """Ids of up to `limit` public items from other reviews, of other years, that make the
    same point as `item`, best first.

    The candidates are the items sharing a theme with it (the RAISED_BEFORE_CANDIDATES_PER_THEME
    most recently added of each of its themes: one bounded query at any corpus size); of those
    from a review it does not come from, of other years than its own (a review of 2011 beside
    one of 2008 – 2014 counts: its years are not the same; two undated ones do not), each is
    scored by the distinctive words it shares with `item` (a word counts for more the fewer of
    the candidates have it) and by the themes it shares, and kept above RAISED_BEFORE_MIN_SCORE."""
    theme_ids = sorted(theme.pk for theme in item.themes.all())

    def compute():
        index = review_index()
        own = set(index.reviews_of(item.review_id, item.publication_id))
        own_years = index.years_of(own) or ({item.publication.year} - {None})
        rows = list(
            LearningItem.objects.published()
            .sharing_themes_with(item, theme_ids, RAISED_BEFORE_CANDIDATES_PER_THEME)
            .order_by()
            .values_list("pk", "review_id", "publication_id", "title", "text", "short_text", "shared")
        )
        mine = terms(f"{item.title} {item.text} {item.short_text}")
        candidates, frequency = [], Counter()
        for pk, review_id, publication_id, title, text, short_text, shared in rows:
            words = terms(f"{title} {text} {short_text}") & mine
            frequency.update(words)  # how common each word is among the theme's items
            reviews = set(index.reviews_of(review_id, publication_id))
            if not reviews or reviews & own or index.years_of(reviews) == own_years:
                continue  # only other reviews, of other years (a period overlapping them counts)
            candidates.append((pk, words, shared or 0))
        total = len(rows) + 1
        scored = []
        for pk, common, shared in candidates:
            score = sum(0.5 + math.log(total / frequency[word]) for word in common) + shared
            if len(common) >= 2 and score >= RAISED_BEFORE_MIN_SCORE:
                scored.append((-score, pk))
        return [pk for _, pk in sorted(scored)[:limit]]

    def touched(ids, changed):
        # the item itself, one it lists, or any item of its themes (a candidate, or one that
        # moves the candidates' word frequencies)
        if item.pk in changed or not changed.isdisjoint(ids):
            return True
        return LearningItem.objects.filter(pk__in=changed, themes__in=theme_ids).exists()

    key = f"recurrence:raised-before:{item.pk}:{','.join(map(str, theme_ids))}:{limit}"
    return kept_unless_touched(key, compute, touched)


def raised_before(item, limit=5):
    """[(item, [its reviews from ReviewIndex], years)] for `raised_before_ids`: the items fetched
    live in one query (none when there are none)."""
    ids = raised_before_ids(item, limit)
    if not ids:
        return []
    index = review_index()
    found = {
        other.pk: other
        for other in LearningItem.objects.published()
        .filter(pk__in=ids)
        .select_related("publication__board", "section", "short_publication")
    }
    shown = []
    for pk in ids:
        if pk in found:
            other = found[pk]
            review_ids = index.reviews_of(other.review_id, other.publication_id)
            reviews = [index.reviews[review_id] for review_id in review_ids]
            shown.append((other, reviews, years_label(index.years_of(review_ids))))
    return shown


def years_label(years):
    """ "2011" or "2008 – 2014" (a run of years) or "2009, 2012"."""
    years = sorted(years)
    if not years:
        return ""
    if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]} – {years[-1]}"
    return ", ".join(map(str, years))
