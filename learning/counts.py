"""Counts of published learning for the home, theme index and theme pages, cached.

Counting distinct published items through the tag tables takes hundreds of milliseconds
at 100,000 items, and the answer only changes when board staff change content. So each
count is kept for the current content version (core/versioning.py), which any save or
delete of content or tags moves on, in the database, for every server process at once;
after a change the counts from before are shown while one background recount runs
(`recent`). What is listed (the latest publications) is cached exactly (`cached`).
With several server processes, set REDIS_URL so they also share what they computed.
"""

from django.db.models import Count, Q

from core.versioning import VOCABULARY, cached, recent
from learning.models import AgeGroup, Audience, LearningItem, Theme, public_items
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
        shared = Q(items__themes=theme) & public_items("items__")
        return list(
            Theme.objects.exclude(pk=theme.pk)
            .annotate(shared=Count("items", filter=shared, distinct=True))
            .filter(shared__gt=0)
            .order_by("-shared", "position")[:limit]
        )

    return recent(f"related-themes:{theme.pk}:{limit}", compute)
