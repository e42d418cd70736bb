"""The item and theme pages cost a fixed number of queries whatever the corpus holds, and the
bounded queries behind them (related learning, the first items of each kind) still mean what
they did: published items only, most shared themes first, source order."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Status
from learning import counts
from learning.models import Kind, LearningItem
from learning.views import items as item_views
from learning.views.items import ThemeDetailView, related_items
from tests.factories import AgeGroupFactory, AudienceFactory, LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

KINDS = list(Kind)


def corpus(size):
    """`size` published items over three publications, every kind, two themes each of three,
    an age group and an agency: the first item is the one whose page is fetched."""
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    babies, police = AgeGroupFactory(slug="babies"), AudienceFactory(slug="police")
    publications = [PublicationFactory(slug=f"publication-{n}") for n in range(3)]
    items = [
        LearningItemFactory(
            publication=publications[n % 3],
            kind=KINDS[n % len(KINDS)],
            themes=[themes[n % 3], themes[(n + 1) % 3]],
            age_groups=[babies],
            audiences=[police],
        )
        for n in range(size)
    ]
    return items[0], themes[0]


def queries_of(client, url):
    client.get(url)  # the first request fills the caches that every later one reads
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# The content version; the item with its source; its themes, age groups and agencies; the
# national findings beside it; related learning.
ITEM_PAGE_QUERIES = 7
# The content version; the theme; the items listed; their themes.
THEME_PAGE_QUERIES = 4


@pytest.mark.parametrize("size", [3, 30])
def test_item_page_makes_the_same_queries_for_any_corpus(client, size, django_assert_num_queries):
    item, _ = corpus(size)
    client.get(item.get_absolute_url())
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        assert client.get(item.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("narrowed", [{}, {"age_group": "babies", "audience": "police"}])
def test_theme_page_makes_the_same_queries_for_any_corpus(client, size, narrowed, django_assert_num_queries):
    _, theme = corpus(size)
    url = reverse("learning:theme", args=[theme.slug])
    client.get(url, narrowed)
    with django_assert_num_queries(THEME_PAGE_QUERIES):
        assert client.get(url, narrowed).status_code == 200


def test_a_theme_page_that_walks_its_kinds_makes_the_same_queries(client, monkeypatch):
    """With one item of each kind shown, 30 items are a dense enough theme to be walked."""
    monkeypatch.setattr(ThemeDetailView, "per_kind", 1)
    _, theme = corpus(30)
    url = reverse("learning:theme", args=[theme.slug])
    assert queries_of(client, url) == THEME_PAGE_QUERIES
    listed = counts.theme_listing(theme, per_kind=1)
    expected = LearningItem.objects.published().narrowed(theme).first_of_each_kind(1).values_list("pk", flat=True)
    assert sorted(listed) == sorted(expected)


def test_a_theme_page_never_lists_an_item_withdrawn_after_it_was_listed(client):
    item, theme = corpus(6)
    url = reverse("learning:theme", args=[theme.slug])
    assert item.get_absolute_url() in client.get(url).content.decode()
    item.status = Status.WITHDRAWN
    item.save()
    assert item.get_absolute_url() not in client.get(url).content.decode()


def test_a_theme_page_keeps_its_listing_past_an_edit_elsewhere_and_lists_a_newly_tagged_item(client):
    item, theme = corpus(6)
    url = reverse("learning:theme", args=[theme.slug])
    client.get(url)
    elsewhere = LearningItemFactory(text="Not of this theme.")
    elsewhere.save()
    assert counts.theme_listing(theme) == counts.theme_listing(theme)  # kept, not found again
    elsewhere.themes.add(theme)
    assert elsewhere.get_absolute_url() in client.get(url).content.decode()


def test_related_learning_never_shows_withdrawn_draft_or_unpublished_items(client):
    neglect, bruising = ThemeFactory(slug="neglect"), ThemeFactory(slug="bruising")
    item = LearningItemFactory(themes=[neglect, bruising], text="The item itself.")
    shown = LearningItemFactory(themes=[neglect], text="Published and related.")
    hidden = [
        LearningItemFactory(themes=[neglect, bruising], status=Status.DRAFT, text="A draft."),
        LearningItemFactory(themes=[neglect, bruising], status=Status.WITHDRAWN, text="Withdrawn."),
        LearningItemFactory(
            themes=[neglect, bruising],
            publication=PublicationFactory(status=Status.WITHDRAWN),
            text="From a withdrawn publication.",
        ),
        LearningItemFactory(
            themes=[neglect, bruising],
            publication=PublicationFactory(status=Status.DRAFT),
            text="From a draft publication.",
        ),
    ]
    assert [other.pk for other in related_items(item)] == [shown.pk]
    content = client.get(item.get_absolute_url()).content.decode()
    assert shown.get_absolute_url() in content
    assert item.get_absolute_url() + '"' not in content.split("Related learning")[1]
    for other in hidden:
        assert other.get_absolute_url() not in content

    shown.status = Status.WITHDRAWN
    shown.save()
    assert "Related learning" not in client.get(item.get_absolute_url()).content.decode()


def test_related_learning_ranks_items_sharing_more_themes_first_then_by_publication_and_position():
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    item = LearningItemFactory(themes=themes)
    first, second = PublicationFactory(slug="a-first"), PublicationFactory(slug="b-second")
    one = LearningItemFactory(publication=first, position=1, themes=themes[:1])
    all_three = LearningItemFactory(publication=second, position=9, themes=themes)
    two_later = LearningItemFactory(publication=second, position=2, themes=themes[1:])
    two_earlier = LearningItemFactory(publication=second, position=1, themes=themes[:2])
    two_first_publication = LearningItemFactory(publication=first, position=5, themes=[themes[0], themes[2]])
    LearningItemFactory(themes=[ThemeFactory(slug="unrelated")])

    related = list(related_items(item))
    assert [other.pk for other in related] == [
        all_three.pk,
        two_first_publication.pk,
        two_earlier.pk,
        two_later.pk,
        one.pk,
    ]
    assert [other.shared for other in related] == [3, 2, 2, 2, 1]
    assert [other.pk for other in related_items(item, limit=2)] == [all_three.pk, two_first_publication.pk]


def test_related_learning_looks_at_the_newest_items_of_each_theme_only(monkeypatch):
    """The bound: an older item sharing more themes is not found once each of its themes has
    newer items than the window holds (all of them are looked at below that)."""
    monkeypatch.setattr(item_views, "RELATED_CANDIDATES_PER_THEME", 2)
    neglect, bruising = ThemeFactory(slug="neglect"), ThemeFactory(slug="bruising")
    item = LearningItemFactory(themes=[neglect, bruising])
    older_sharing_both = LearningItemFactory(themes=[neglect, bruising])
    newer = [LearningItemFactory(themes=[theme]) for theme in (neglect, neglect, bruising, bruising)]
    assert {other.pk for other in related_items(item)} == {other.pk for other in newer}
    newer[0].delete()
    assert related_items(item)[0].pk == older_sharing_both.pk


def test_related_learning_of_an_item_without_themes_is_empty(client):
    item = LearningItemFactory()
    LearningItemFactory(themes=[ThemeFactory()])
    assert list(related_items(item)) == []
    assert "Related learning" not in client.get(item.get_absolute_url()).content.decode()


def test_walking_each_kind_lists_what_ranking_every_match_lists():
    """first_of_each_kind(walk=True) (PostgreSQL's bounded walk; elsewhere the window function)
    gives the same items: publications dated or not, drafts, other themes, several positions."""
    theme, other = ThemeFactory(slug="walked"), ThemeFactory(slug="other")
    age_group = AgeGroupFactory(slug="school-age")
    publications = [
        PublicationFactory(slug="z-dated-early", published_on=datetime.date(2010, 1, 1)),
        PublicationFactory(slug="a-dated-late", published_on=datetime.date(2020, 1, 1)),
        PublicationFactory(slug="b-undated"),
        PublicationFactory(slug="a-undated"),
        PublicationFactory(slug="c-withdrawn", status=Status.WITHDRAWN),
    ]
    for n in range(60):
        LearningItemFactory(
            publication=publications[n % len(publications)],
            kind=KINDS[n % 3],
            position=(n * 7) % 11,
            themes=[theme] if n % 4 else [other],
            age_groups=[age_group] if n % 3 else [],
            status=Status.DRAFT if n % 9 == 0 else Status.PUBLISHED,
        )
    for narrowing in ({}, {"age_group": "school-age"}):
        items = LearningItem.objects.published().narrowed(theme, **narrowing)
        for limit in (1, 3, 50):
            walked = list(items.first_of_each_kind(limit, walk=True).in_source_order().values_list("pk", flat=True))
            ranked = list(items.first_of_each_kind(limit).in_source_order().values_list("pk", flat=True))
            assert sorted(walked) == sorted(ranked), (narrowing, limit)
            assert walked


def test_related_themes_count_only_published_items_most_shared_first(client):
    neglect, bruising, housing, hidden = (
        ThemeFactory(slug=slug) for slug in ("neglect", "bruising", "housing", "hidden")
    )
    LearningItemFactory(themes=[neglect, bruising])
    LearningItemFactory(themes=[neglect, bruising, housing])
    LearningItemFactory(themes=[neglect, housing], status=Status.DRAFT)
    LearningItemFactory(themes=[neglect, housing], publication=PublicationFactory(status=Status.WITHDRAWN))
    LearningItemFactory(themes=[neglect, hidden], status=Status.WITHDRAWN)
    LearningItemFactory(themes=[housing, hidden])
    assert [(theme.slug, theme.shared) for theme in counts.related_themes(neglect)] == [("bruising", 2), ("housing", 1)]
    content = client.get(reverse("learning:theme", args=["neglect"])).content.decode()
    section = content.split("Related themes")[1].split("</ul>")[0]
    assert section.index("/themes/bruising/") < section.index("/themes/housing/")
    assert "/themes/hidden/" not in section
