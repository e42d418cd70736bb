"""A search lists at most SEARCH_RESULT_LIMIT matches, says when there are more, and ranks
the ones it lists; a browse without words always counts everything."""

import pytest

from learning.models import LearningItem
from reviews.models import Status
from search.indexing import rebuild
from search.services import found_ids
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neglect_items(db):
    theme = ThemeFactory(name="Neglect", slug="neglect")
    items = [LearningItemFactory(text=f"Neglect case {n}: neglect was missed.", themes=[theme]) for n in "abcde"]
    LearningItemFactory(text="Neglect in a draft.", status=Status.DRAFT)
    LearningItemFactory(text="Neglect in an unpublished leaflet.", publication=PublicationFactory(status=Status.DRAFT))
    LearningItemFactory(text="Bruising in babies.", themes=[ThemeFactory(name="Physical abuse", slug="physical-abuse")])
    rebuild()
    return items


def test_found_ids_stops_one_past_the_limit(neglect_items):
    published = LearningItem.objects.published()
    assert len(found_ids(published, limit=2)) == 3
    assert sorted(found_ids(published.filter(text__icontains="neglect"), limit=10)) == sorted(
        item.pk for item in neglect_items
    )


def test_a_search_over_the_limit_says_more_than_and_lists_the_limit(client, settings, neglect_items):
    settings.SEARCH_RESULT_LIMIT = 3
    response = client.get("/learning/?q=neglect")
    assert response.status_code == 200
    result = response.context["result"]
    assert result.count_capped
    assert result.total == 3
    assert len(result.page.object_list) == 3
    assert "More than 3 results" in response.text
    assert "Add another word or choose a filter" in response.text
    # every listed item really matches, and nothing unpublished is listed
    assert all("Neglect case" in item.text for item in result.page.object_list)


def test_a_search_within_the_limit_counts_exactly(client, settings, neglect_items):
    settings.SEARCH_RESULT_LIMIT = 5
    response = client.get("/learning/?q=neglect")
    result = response.context["result"]
    assert not result.count_capped
    assert result.total == 5
    assert "5 results" in response.text
    assert "More than" not in response.text


def test_facet_counts_cover_every_match_even_over_the_limit(client, settings, neglect_items):
    settings.SEARCH_RESULT_LIMIT = 2
    result = client.get("/learning/?q=neglect").context["result"]
    assert result.facets["theme"]["neglect"] == 5  # not 2: choosing the filter gives all five


def test_pages_beyond_the_limit_show_the_last_page(client, settings, neglect_items):
    settings.SEARCH_RESULT_LIMIT = 3
    settings.PAGE_SIZE = 2
    response = client.get("/learning/?q=neglect&page=99")
    assert response.status_code == 200
    assert response.context["result"].page.number == 2
    assert len(response.context["result"].page.object_list) == 1


@pytest.mark.parametrize("sort", ["relevance", "newest", "source"])
def test_every_sort_lists_the_same_capped_set(client, settings, neglect_items, sort):
    settings.SEARCH_RESULT_LIMIT = 3
    result = client.get(f"/learning/?q=neglect&sort={sort}").context["result"]
    assert result.total == 3 and len(result.page.object_list) == 3


def test_browsing_without_words_is_never_capped(client, settings, neglect_items):
    settings.SEARCH_RESULT_LIMIT = 2
    result = client.get("/learning/?theme=neglect").context["result"]
    assert not result.count_capped
    assert result.total == 5
    assert client.get("/learning/").context["result"].total == 6


def test_a_capped_selection_handout_says_more_than(settings, monkeypatch, neglect_items):
    from django.http import QueryDict

    from printing import handouts

    settings.SEARCH_RESULT_LIMIT = 3
    monkeypatch.setattr(handouts, "HANDOUT_CAP", 2)
    handout = handouts.for_selection(QueryDict("q=neglect"))
    assert handout.truncated
    assert "There are more than 3 items, so this handout holds the first 2." in " ".join(handout.notices)


@pytest.mark.parametrize("page", ["0", "-3", "abc", "1e9", "99999999999999999999999999999", "2.5", "\x00"])
def test_odd_page_numbers_on_a_search_never_fail(client, settings, neglect_items, page):
    settings.PAGE_SIZE = 2
    response = client.get("/learning/", {"q": "neglect", "page": page})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.total == 5
    assert len(result.page.object_list) in {1, 2}
