"""Counts of published learning for the home, theme index and theme pages, cached.

Counting distinct published items through the tag tables takes hundreds of milliseconds
at 100,000 items, and the answer only changes when board staff change content. So each
count is cached under the current content version, which any save or delete of content
or tags replaces (learning/signals.py); entries also expire after an hour.

With several server processes, set REDIS_URL so they share the cache: the default
in-memory cache is per process, and a change is then seen by other processes within the hour.
"""

from uuid import uuid4

from django.core.cache import cache

VERSION_KEY = "learning:content-version"
TIMEOUT = 60 * 60


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed(**kwargs):
    """Signal receiver (and a plain call after bulk writes): forget every cached count."""
    cache.delete(VERSION_KEY)


def cached(name, compute):
    """`compute()`, remembered for the current content version."""
    return cache.get_or_set(f"learning:counts:{name}:{content_version()}", compute, TIMEOUT)


def site_totals():
    from learning.models import LearningItem
    from reviews.models import Publication, Review

    return cached(
        "site",
        lambda: {
            "items": LearningItem.objects.published().count(),
            "publications": Publication.objects.published().count(),
            "reviews": Review.objects.published().count(),
        },
    )


def vocabulary_counts():
    """{"theme"|"age_group"|"audience": [entries annotated with `item_count`]}, in list order."""
    from learning.models import AgeGroup, Audience, Theme

    def compute():
        return {
            name: list(model.objects.with_item_counts())
            for name, model in (("theme", Theme), ("age_group", AgeGroup), ("audience", Audience))
        }

    return cached("vocabularies", compute)


def theme_tag_counts(theme):
    """Age groups and audiences of a theme's published items, each annotated with `n`."""
    from django.db.models import Count

    from learning.models import AgeGroup, Audience, LearningItem

    def compute():
        items = LearningItem.objects.published().for_theme(theme)
        return {
            name: list(model.objects.filter(items__in=items).annotate(n=Count("items", distinct=True)))
            for name, model in (("age_group", AgeGroup), ("audience", Audience))
        }

    return cached(f"theme-tags:{theme.pk}", compute)


def theme_kind_counts(theme, age_group="", audience=""):
    """{kind: published item count} for a theme, optionally narrowed by age group and agency."""
    from learning.models import LearningItem

    def compute():
        items = LearningItem.objects.published().for_theme(theme)
        if age_group:
            items = items.filter(age_groups__slug=age_group)
        if audience:
            items = items.filter(audiences__slug=audience)
        return items.kind_counts()

    return cached(f"theme:{theme.pk}:{age_group}:{audience}", compute)
