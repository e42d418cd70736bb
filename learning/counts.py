"""Counts of published learning for the home, theme index and theme pages, cached.

Counting distinct published items through the tag tables takes hundreds of milliseconds
at 100,000 items, and the answer only changes when board staff change content. So each
count is kept for the current content version (core/versioning.py), which any save or
delete of content or tags moves on, in the database, for every server process at once;
after a change the counts from before are shown while one background recount runs
(`recent`). What is listed (the latest publications) is cached exactly (`cached`).
With several server processes, set REDIS_URL so they also share what they computed.
"""

from django.db.models import Count

from core.versioning import VOCABULARY, cached, kept_unless_touched, recent
from learning.models import AgeGroup, Audience, Kind, LearningItem, Theme
from reviews.models import Publication, Review


def site_totals():
    return recent(
        "site",
        lambda: {
            "items": LearningItem.objects.published().count(),
            "publications": Publication.objects.published().count(),
            "reviews": Review.objects.published().count(),
        },
    )


def kind_totals():
    """{kind: published items of that kind}, over the whole corpus."""
    return recent("kind-totals", lambda: LearningItem.objects.published().kind_counts())


def publication_item_counts():
    """{publication id: its published items}, for every publication with any: the publications
    list and a board's page say how many items each holds. One count over the corpus, so kept
    for the content version and recounted in the background after a change, as the site's totals are."""
    return recent(
        "publication-items",
        lambda: dict(LearningItem.objects.published().order_by().values_list("publication_id").annotate(n=Count("pk"))),
    )


def with_item_counts(publications):
    """The publications as a list, each given `item_count` (its published items) from the cached counts."""
    counts = publication_item_counts()
    publications = list(publications)
    for publication in publications:
        publication.item_count = counts.get(publication.pk, 0)
    return publications


def latest_publications(limit=5):
    return cached(
        f"latest-publications:{limit}",
        lambda: list(Publication.objects.published().select_related("board").latest_first()[:limit]),
        scope=VOCABULARY,
    )


def vocabulary_counts():
    """{"theme"|"age_group"|"audience": [entries annotated with `item_count`]}, in list order."""

    def compute():
        return {
            name: list(model.objects.with_item_counts())
            for name, model in (("theme", Theme), ("age_group", AgeGroup), ("audience", Audience))
        }

    return recent("vocabularies", compute)


def theme_tag_counts(theme):
    """Age groups and audiences of a theme's published items, each annotated with `n`."""

    def compute():
        items = LearningItem.objects.published().narrowed(theme)
        return {
            name: list(model.objects.filter(items__in=items).annotate(n=Count("items", distinct=True)))
            for name, model in (("age_group", AgeGroup), ("audience", Audience))
        }

    return recent(f"theme-tags:{theme.pk}", compute)


def theme_kind_counts(theme, age_group="", audience=""):
    """{kind: published item count} for a theme, optionally narrowed by age group and agency."""

    def compute():
        return LearningItem.objects.published().narrowed(theme, age_group, audience).kind_counts()

    return recent(f"theme:{theme.pk}:{age_group}:{audience}", compute)


def related_themes(theme, limit=6):
    """Themes that most often tag the same published items as `theme`, each annotated with
    `shared`."""

    def compute():
        # From the theme's published items to their other themes (one row each: no DISTINCT),
        # not from every theme's items to theme: a tenth of the time at 100,000 items.
        on_theme = LearningItem.objects.published().narrowed(theme)
        return list(
            Theme.objects.exclude(pk=theme.pk)
            .filter(items__in=on_theme)
            .annotate(shared=Count("items"))
            .order_by("-shared", "position")[:limit]
        )

    return recent(f"related-themes:{theme.pk}:{limit}", compute)


def theme_listing(theme, age_group="", audience="", per_kind=10):
    """Ids of the items a theme page lists: the first `per_kind` of each kind in source order,
    narrowed as the page is. A list, so kept exactly: past a change only when none of the items
    it was about is listed or is one of the theme's now (`kept_unless_touched`).

    The counts only choose how to find them: a theme holding a good share of all items walks
    each kind in source order and stops at `per_kind` (bounded at any corpus size); a sparse
    one ranks its few matches instead, which is cheaper than walking past every other item."""

    def matching():
        return LearningItem.objects.published().narrowed(theme, age_group, audience)

    def compute():
        matches = sum(theme_kind_counts(theme, age_group, audience).values())
        walk = per_kind * len(Kind) * site_totals()["items"] < matches * matches
        return list(matching().first_of_each_kind(per_kind, walk=walk).order_by().values_list("pk", flat=True))

    def touched(listed, changed):
        return not changed.isdisjoint(listed) or matching().filter(pk__in=changed).exists()

    return kept_unless_touched(f"theme-listing:{theme.pk}:{age_group}:{audience}:{per_kind}", compute, touched)
