"""A browse's count (the results page with no search) is added up from its facet counts
(learning.selectors.browse_count) rather than counted by a query of its own: it must say exactly
how many items the list holds, for every kind of filter, and move with a change."""

import pytest
from django.http import QueryDict

from core.models import Status
from learning.filters import ALL_PRACTITIONERS
from learning.models import Kind, LearningItem
from learning.selectors import find_items
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

KINDS = list(Kind)


@pytest.fixture
def corpus():
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    ages = [AgeGroupFactory(slug="babies"), AgeGroupFactory(slug="teenagers")]
    police, everyone = AudienceFactory(slug="police"), AudienceFactory(slug=ALL_PRACTITIONERS)
    boards = [BoardFactory(slug="north"), BoardFactory(slug="south")]
    publications = [PublicationFactory(slug=f"publication-{n}", board=boards[n % 2], year=2019 + n) for n in range(3)]
    for n in range(40):
        LearningItemFactory(
            publication=publications[n % 3],
            kind=KINDS[n % len(KINDS)],
            themes=[themes[n % 3]] + ([themes[(n + 1) % 3]] if n % 4 == 0 else []),
            age_groups=[ages[n % 2]] if n % 5 else ages,
            audiences=[police] if n % 3 else [everyone],
            status=Status.DRAFT if n % 11 == 0 else Status.PUBLISHED,
        )


def listed(query):
    result = find_items(QueryDict(query), per_page=100)
    return result.total, len(result.page.object_list)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=key_learning",
        "kind=key_learning&kind=good_practice",
        "theme=theme-1",
        "theme=theme-0&theme=theme-2&age_group=babies",
        "theme=theme-1&age_group=teenagers&kind=key_learning",
        "audience=police",  # with the learning addressed to all practitioners
        "audience=police&kind=recommendation",
        "board=north&year=2021",
        "publication=publication-1&kind=good_practice&kind=what_has_changed",
        "age_group=babies&board=south&theme=theme-2",
    ],
)
def test_a_browse_says_how_many_items_it_lists(corpus, query):
    total, shown = listed(query)
    assert total == shown  # every item fits on the one page of 100, so the list holds them all


def test_the_count_is_the_items_listed_for_every_kind_of_filter(corpus):
    assert listed("")[0] == LearningItem.objects.published().count()
    assert listed("kind=key_learning")[0] == LearningItem.objects.published().filter(kind="key_learning").count()


def test_the_count_moves_with_a_change(corpus):
    before, _ = listed("theme=theme-1")
    item = LearningItem.objects.published().filter(themes__slug="theme-1").first()
    item.status = Status.WITHDRAWN
    item.save()
    assert listed("theme=theme-1") == (before - 1, before - 1)


def test_the_results_page_states_the_count(client, corpus):
    page = client.get("/learning/?kind=key_learning")
    expected = LearningItem.objects.published().filter(kind="key_learning").count()
    assert page.status_code == 200
    assert f"{expected} result" in page.content.decode() or f"{expected} item" in page.content.decode()


@pytest.mark.parametrize("query", ["", "kind=key_learning", "theme=theme-1", "audience=police&board=north"])
def test_a_browse_lists_its_items_in_source_order_page_by_page(corpus, query):
    """Walked publication by publication on PostgreSQL (first_ids_in_source_order), sorted on
    SQLite: either way every page holds the next items in source order, none twice or missed."""
    pages, number = [], 1
    while True:
        result = find_items(QueryDict(query), page_number=number, per_page=4)
        pages += [item.pk for item in result.page.object_list]
        if not result.page.has_next():
            break
        number += 1
    everything = find_items(QueryDict(query), per_page=100)
    expected = [item.pk for item in everything.page.object_list]
    assert pages == expected and len(pages) == everything.total


def test_the_walk_gives_the_same_order_as_sorting(corpus):
    published = LearningItem.objects.published()
    for queryset in (published, published.filter(kind="key_learning"), published.narrowed("theme-2")):
        sorted_ids = list(queryset.in_source_order().values_list("pk", flat=True))
        assert queryset.first_ids_in_source_order(len(sorted_ids) + 5) == sorted_ids
        assert queryset.first_ids_in_source_order(3) == sorted_ids[:3]
