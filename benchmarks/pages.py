"""Pages and searches for `make bench` (python -m benchmarks).

It runs in a throw-away test database (never the real one): loads the seed content,
adds a synthetic corpus of N items built from the seed sentences (so the vocabulary
is realistic), then times pages through Django's test client and searches through
the search service, against the same searches done naively with icontains.
"""

import datetime
import random
import re
import statistics
import time
from dataclasses import dataclass
from functools import partial

from django.db import connection, transaction
from django.db.models import Q
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from core import versioning
from core.models import Status
from learning.models import AgeGroup, Audience, Kind, LearningItem, Theme
from reviews.models import Board, Publication

SYNTHETIC_PREFIX = "bench-"
SYNTHETIC_FIRST_PUBLIC = datetime.datetime(2020, 1, 6, 9, 0, tzinfo=datetime.UTC)
BATCH = 2000


@dataclass
class Measure:
    name: str
    p50: float
    p95: float
    queries: int
    results: int | None = None


def sentences_from_seed():
    sentences = []
    for text in LearningItem.objects.values_list("text", flat=True):
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if len(s.split()) >= 5]
    return sentences


def build_corpus(size, seed=2015):
    """Add `size` published synthetic items, tagged and indexed like real ones."""
    from learning.search_index import rebuild

    rng = random.Random(seed)
    sentences = sentences_from_seed()
    themes = list(Theme.objects.values_list("pk", flat=True))
    ages = list(AgeGroup.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    boards = list(Board.objects.all())
    publications = [
        Publication.objects.get_or_create(
            slug=f"{SYNTHETIC_PREFIX}publication-{n}",
            defaults={
                "board": boards[n % len(boards)],
                "title": f"Synthetic review publication {n}",
                "kind": Publication.Kind.BRIEFING,
                "year": 2008 + n % 16,
                "status": Status.PUBLISHED,
            },
        )[0]
        for n in range(40)
    ]
    reviews = synthetic_reviews(publications)
    start = LearningItem.objects.filter(key__startswith=SYNTHETIC_PREFIX).count()
    kinds = [kind.value for kind in Kind]
    Through = LearningItem.themes.through
    AgeThrough = LearningItem.age_groups.through
    AudienceThrough = LearningItem.audiences.through
    made = 0
    with transaction.atomic():
        while made < size:
            count = min(BATCH, size - made)
            items = [
                LearningItem(
                    publication=publications[(made + n) % len(publications)],
                    review=reviews[(made + n) % len(reviews)],  # one of its publication's reviews
                    kind=rng.choice(kinds),
                    key=f"{SYNTHETIC_PREFIX}{start + made + n}",
                    locator=str(start + made + n),
                    position=start + made + n,
                    text=" ".join(rng.sample(sentences, rng.randint(2, 4))),
                    status=Status.PUBLISHED,
                    # first public in batches of 50 an hour, as a board publishes a review's learning
                    published_at=SYNTHETIC_FIRST_PUBLIC + datetime.timedelta(hours=(start + made + n) // 50),
                )
                for n in range(count)
            ]
            items = LearningItem.objects.bulk_create(items)
            Through.objects.bulk_create(
                Through(learningitem_id=item.pk, theme_id=theme)
                for item in items
                for theme in rng.sample(themes, rng.randint(1, 3))
            )
            AgeThrough.objects.bulk_create(
                AgeThrough(learningitem_id=item.pk, agegroup_id=rng.choice(ages)) for item in items
            )
            AudienceThrough.objects.bulk_create(
                AudienceThrough(learningitem_id=item.pk, audience_id=audience)
                for item in items
                for audience in rng.sample(audiences, rng.randint(1, 2))
            )
            made += count
    rebuild()
    versioning.bump()  # bulk_create sends no signals
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum does soon after a bulk load: fresh statistics, dead rows cleared and
        # the search index's pending list merged (until then every search reads that list).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return made


REVIEWS = 2000


def synthetic_reviews(publications, count=REVIEWS):
    """`count` published synthetic reviews across the boards and years of `publications`: review
    n is reported in publication n mod len(publications), of its board and year (so an item of
    publication p may name review p + k × len(publications))."""
    from reviews.models import Review

    existing = {review.slug: review for review in Review.objects.filter(slug__startswith=SYNTHETIC_PREFIX)}
    made = []
    for n in range(count):
        slug = f"{SYNTHETIC_PREFIX}review-{n}"
        if slug not in existing:
            publication = publications[n % len(publications)]
            made.append(
                Review(
                    board=publication.board,
                    title=f"Synthetic case review {n}",
                    slug=slug,
                    kind=[kind.value for kind in Review.Kind][n % len(Review.Kind)],
                    year_from=publication.year - n % 3,
                    year_to=publication.year,
                    year_reported=publication.year,
                    position=n,
                    status=Status.PUBLISHED,
                )
            )
    Review.objects.bulk_create(made)
    reviews = {review.slug: review for review in Review.objects.filter(slug__startswith=SYNTHETIC_PREFIX)}
    links = Review.publications.through
    links.objects.filter(review__slug__startswith=SYNTHETIC_PREFIX).delete()
    ordered = [reviews[f"{SYNTHETIC_PREFIX}review-{n}"] for n in range(count)]
    links.objects.bulk_create(
        links(review_id=review.pk, publication_id=publications[n % len(publications)].pk)
        for n, review in enumerate(ordered)
    )
    return ordered


def wait_for_recounts():
    """Until the recount thread has done what it was given: it runs one task at a time, in order."""
    from core import versioning

    versioning.submit(lambda: None).result()


def timed(function, repeat, before=None):
    """p50 and p95 in ms of `function()` over `repeat` runs, the most SQL queries one made, and
    its result; `before()`, if given, runs ahead of each run, untimed."""
    durations, queries, result = [], 0, None
    function()  # warm caches, as a running server would have them
    if before is None:
        # Warm means as most visitors find it: once the background recount that the last change
        # started has finished (until then a page showing counts is not kept in the page cache).
        wait_for_recounts()
        function()
    for _ in range(repeat):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            result = function()
            durations.append((time.perf_counter() - start) * 1000)
        queries = max(queries, len(context.captured_queries))
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    return statistics.median(durations), p95, queries, result


def page_measures(repeat, theme_slug):
    """Each page twice: as most visitors get it (caches warm since the last content change)
    and right after a content change: board staff saving an item, which re-indexes it and
    moves the content version on (the counts are then recounted in the background, as on the
    site; pages list what is current)."""
    client = Client()
    pages = {"home page": "/", "theme page": f"/themes/{theme_slug}/", **content_pages()}
    pages.update(
        {
            "filtered list": f"/learning/?theme={theme_slug}&age_group=school-age&kind=key_learning",
            "reviews list": "/reviews/",
            "reviews list (theme and type)": f"/reviews/?theme={theme_slug}&kind=scr",
            "board page": "/boards/derby-scb/",
            **{f"search page ({label})": "/learning/?" + urlencode({"q": raw}) for label, raw in SEARCHES.items()},
            "search page (question, 8 words)": "/learning/?" + urlencode({"q": QUESTION}),
            "search page (question, broadened)": "/learning/?" + urlencode({"q": BROADENED_QUESTION}),
            "API item list": "/api/v1/items/",
            "API filtered list": f"/api/v1/items/?theme={theme_slug}&age_group=school-age&kind=key_learning",
            "API search": "/api/v1/items/?" + urlencode({"q": "neglect"}),
            "CSV, filtered": f"/learning/results.csv?theme={theme_slug}&age_group=school-age&kind=key_learning",
            "what's new": "/new/",
            "what's new (theme, page 3)": f"/new/?theme={theme_slug}&page=3",
            "feed: new learning": "/feeds/new/",
            "feed: theme": f"/feeds/themes/{theme_slug}/",
            "feed: agency": "/feeds/agencies/police/",
            "feed: search and filter": "/feeds/learning/?" + urlencode({"q": "neglect", "age_group": "school-age"}),
        }
    )
    edited = LearningItem.objects.exclude(key__startswith=SYNTHETIC_PREFIX).first()
    measures = []
    for name, url in pages.items():
        for fresh in (False, True):

            def get(url=url):
                with override_settings(API_ANON_RATE=None):  # the API's rate limit is for real clients
                    response = client.get(url, HTTP_HOST="localhost")
                    assert response.status_code == 200, (url, response.status_code)
                    if response.streaming:  # a CSV: the time to write every row
                        b"".join(response.streaming_content)

            # what saving it in the admin does: signals re-index it and move the version on
            p50, p95, queries, _ = timed(get, repeat, before=edited.save if fresh else None)
            measures.append(Measure(f"{name}{', after a change' if fresh else ''}", p50, p95, queries))
    return measures


def content_pages():
    """An item, a publication and a review page of the synthetic corpus (the review: a seed one)."""
    from reviews.models import Review

    item = LearningItem.objects.filter(key__startswith=SYNTHETIC_PREFIX).select_related("publication").first()
    reviews = Review.objects.published()
    review = reviews.filter(slug__startswith=SYNTHETIC_PREFIX).first() or reviews.first()
    pages = {
        "item page": f"/learning/{item.publication.slug}/{item.key}/",
        "publication page": f"/publications/{item.publication.slug}/",
    }
    if review is not None:
        pages["review page"] = f"/reviews/{review.slug}/"
    pages["recurring themes page"] = "/recurring-themes/"
    pages["recurring themes (a board, by name)"] = "/recurring-themes/?board=derby-scb&sort=name"
    theme = Theme.objects.order_by("position").first()
    if theme is not None:
        pages["a theme's reviews"] = f"/recurring-themes/{theme.slug}/"
    return pages


# A practitioner's question of 6-10 words, and one whose words no item has all of ("crawl" is in
# no seed text), so that the search is broadened to any of them.
QUESTION = "what should a health visitor do about bruising on babies"
BROADENED_QUESTION = "why would a baby who cannot crawl have bruising"
SEARCHES = {
    "common word": "child",
    "rare word": "pathology",
    "phrase": '"think family"',
    "misspelling": "negelct",
}


def search_measures(repeat, page_size=20):
    """The search itself, with the search page's own code: matching, counting up to the result
    limit, ranking, and the first page of items. Against it, the same searches done with
    icontains: naively (count every match, order them all, the first page) and with the same
    result limit. Neither side fetches what a card shows besides the item (source, themes): the
    page measures include that."""
    from learning.filters import ItemFilterSet
    from learning.selectors import listed_results
    from search.services import found_ids, result_limit, search_items

    base = LearningItem.objects.published()
    measures = []
    questions = {"question, 8 words": QUESTION, "question, broadened": BROADENED_QUESTION}
    for label, raw in {**SEARCHES, **questions}.items():

        def smart(raw=raw):
            filterset = ItemFilterSet(QueryDict(), queryset=base)
            outcome, results = listed_results(search_items(base, raw), filterset, "relevance")
            list(results.listed[:page_size])
            return results.count + results.capped

        def naive(raw=raw, capped=False):
            words = re.findall(r"\w+", raw)
            condition = Q()
            for word in words:
                condition &= Q(text__icontains=word) | Q(short_text__icontains=word) | Q(title__icontains=word)
            queryset = base.filter(condition)
            if capped:  # the same result limit as the search
                ids = found_ids(queryset)
                queryset, count = queryset.filter(pk__in=ids[: result_limit()]), len(ids)
            else:
                count = queryset.count()
            list(queryset.order_by("publication__slug", "position")[:page_size])
            return count

        variants = (("search", smart),)
        if label not in questions:  # icontains of every word finds none of a question's items
            variants += (("naive icontains", naive), ("naive, capped", partial(naive, capped=True)))
        if connection.vendor == "postgresql":
            variants += (("raw PostgreSQL", partial(raw_postgres, raw, page_size)),)
        for kind, function in variants:
            p50, p95, queries, results = timed(function, repeat)
            measures.append(Measure(f"{kind}: {label} ({raw})", p50, p95, queries, results))
    return measures


# The floor a search cannot go under on PostgreSQL: one statement over the same GIN-indexed
# vectors, public items only, the first page by ts_rank and the count of every match (no
# result limit, no facets, no synonyms or corrections, nothing fetched for the cards).
RAW_POSTGRES = """
    SELECT document.item_id, ts_rank(document.vector, query) AS rank, count(*) OVER () AS total
    FROM search_searchdocument document
    JOIN learning_learningitem item ON item.id = document.item_id
    JOIN reviews_publication publication ON publication.id = item.publication_id,
    websearch_to_tsquery('english', %s) query
    WHERE document.vector @@ query AND item.status = 'published' AND publication.status = 'published'
    ORDER BY rank DESC
    LIMIT %s
"""


def raw_postgres(raw, page_size):
    with connection.cursor() as cursor:
        cursor.execute(RAW_POSTGRES, [raw, page_size])
        rows = cursor.fetchall()
    return rows[0][2] if rows else 0


def largest_theme():
    return Theme.objects.with_item_counts().order_by("-item_count").values_list("slug", flat=True).first()


def format_table(size, database, measures):
    lines = [
        f"N = {size:,} synthetic items (+ seed) on {database}",
        f"{'measure':<52} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} {'results':>8}",
    ]
    for m in measures:
        results = "" if m.results is None else f"{m.results:,}"
        lines.append(f"{m.name:<52} {m.p50:>8.1f} {m.p95:>8.1f} {m.queries:>4} {results:>8}")
    pairs = {}
    for m in measures:
        if ":" in m.name:
            kind, label = m.name.split(": ", 1)
            pairs.setdefault(label, {})[kind] = m
    for label, pair in pairs.items():
        if "search" in pair and len(pair) > 1:
            speedups = [f"{pair[k].p95 / max(pair['search'].p95, 0.001):.1f}x vs {k}" for k in pair if k != "search"]
            lines.append(f"  speed-up at p95 for {label}: {', '.join(speedups)}")
    return "\n".join(lines)
