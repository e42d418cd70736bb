"""A search lists at most SEARCH_RESULT_LIMIT matches, says when there are more, and ranks
the ones it lists; a browse without words always counts everything."""

import pytest
from django.db import connection

from core import versioning
from core.models import Status
from learning.models import LearningItem
from learning.search_index import rebuild
from learning.selectors import RELEVANCE_TIE_BREAKS
from search.services import found_ids, ranked_rows, search_items
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


def test_relevance_lists_stronger_matches_first_then_in_source_order(client, settings):
    publication = PublicationFactory(slug="a-review")
    weak = [LearningItemFactory(publication=publication, position=n, text=f"Bruising seen once ({n}).") for n in (3, 1)]
    strong = LearningItemFactory(publication=publication, position=2, text="Bruising, bruising and more bruising.")
    rebuild()
    settings.PAGE_SIZE = 2
    first = client.get("/learning/?q=bruising").context["result"]
    second = client.get("/learning/?q=bruising&page=2").context["result"]
    listed = list(first.page.object_list) + list(second.page.object_list)
    assert listed == [strong, weak[1], weak[0]]  # equal ranks: position 1 before position 3
    assert first.total == 3 and first.page.paginator.num_pages == 2


def test_relevance_search_combines_with_filters(client, neglect_items):
    result = client.get("/learning/?q=neglect&theme=physical-abuse").context["result"]
    assert result.total == 0
    result = client.get("/learning/?q=neglect&theme=neglect").context["result"]
    assert sorted(item.pk for item in result.page.object_list) == sorted(item.pk for item in neglect_items)


def test_a_search_page_fetches_only_its_own_items(settings, neglect_items, django_assert_num_queries):
    from django.http import QueryDict

    from learning.selectors import find_items

    settings.PAGE_SIZE = 2
    find_items(QueryDict("q=neglect"))  # counts cached, as a running site has them
    # the content version (once, as in a request), then the page's items and their themes: the
    # ranking is kept until content changes, and the items are fetched afresh
    with django_assert_num_queries(3), versioning.request_scope():
        result = find_items(QueryDict("q=neglect"), page_number=2)
        cards = [(item.publication.board.name, [theme.slug for theme in item.themes.all()]) for item in result.page]
    assert len(cards) == 2


def test_a_search_ranks_in_one_query_and_raises_what_it_names_in_one_more(
    settings, neglect_items, django_assert_num_queries
):
    from django.http import QueryDict

    from learning.selectors import find_items

    settings.PAGE_SIZE = 2
    find_items(QueryDict("q=neglect"))  # counts cached, as a running site has them
    versioning.bump(versioning.CONTENT)  # the ranking kept for "neglect" is dropped, and so are the counts
    find_items(QueryDict("q=physical"))  # the counts (inline in tests) recounted for something else
    # the content version, what the change was about (anything: the ranking is made again), the
    # matches ranked, whether each is of the theme the search names (raised in the ranking), the
    # page's items and their themes, and every facet counted afresh in one statement (its
    # matches found once)
    with django_assert_num_queries(7), versioning.request_scope():
        result = find_items(QueryDict("q=neglect"), page_number=2)
        list(result.page)


def test_items_in_order_slices_fetch_in_the_given_order(neglect_items):
    from learning.selectors import ItemsInOrder

    ids = [item.pk for item in reversed(neglect_items)]
    listed = ItemsInOrder(ids, LearningItem.objects.published())
    assert len(listed) == 5
    assert [item.pk for item in listed[1:3]] == ids[1:3]
    assert listed[-1].pk == ids[-1]
    assert listed[5:9] == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_ranks_by_walking_the_index_matches(neglect_items):
    """Not by reading items and running the match again for each (seconds at 100k items)."""

    outcome = search_items(LearningItem.objects.published(), "neglect")
    rows = ranked_rows(outcome, LearningItem.objects.published(), RELEVANCE_TIE_BREAKS, limit=1000)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan[0].startswith("SCAN search_fts"), plan
