"""A very long publication is split into pages of its items in source order; the item page's
"Read it in the publication" link opens the page that holds the item."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.views import sources
from tests.factories import LearningItemFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_publication(monkeypatch):
    monkeypatch.setattr(sources, "PUBLICATION_ITEMS_PER_PAGE", 5)
    publication = PublicationFactory()
    items = [LearningItemFactory(publication=publication, position=n * 10, locator=str(n)) for n in range(12)]
    return publication, items


def keys_on(response):
    return re.findall(r'<li class="app-item" id="item-([^"]+)"', response.content.decode())


def test_pages_hold_the_items_in_source_order(client, long_publication):
    publication, items = long_publication
    url = publication.get_absolute_url()
    first, third = client.get(url), client.get(url + "?page=3")
    assert keys_on(first) == [item.key for item in items[:5]]
    assert "Items 1 to 5 of 12, in the order the publication gives them." in first.content.decode()
    assert keys_on(third) == [item.key for item in items[10:]]
    assert 'aria-label="Page 2"' in first.content.decode()


def test_the_link_from_an_item_opens_the_page_that_holds_it(client, long_publication):
    publication, items = long_publication
    item_page = client.get(items[7].get_absolute_url()).content.decode()
    link = re.search(r'href="([^"]+)">Read it in the publication', item_page).group(1).replace("&amp;", "&")
    assert link.endswith(f"#item-{items[7].key}")
    assert items[7].key in keys_on(client.get(link.split("#")[0]))


@pytest.mark.parametrize("query", ["?page=abc", "?page=999", "?page=-1", "?item=no-such-item", "?item=" + "x" * 500])
def test_odd_page_numbers_and_unknown_items_still_give_a_page(client, long_publication, query):
    publication, _ = long_publication
    response = client.get(publication.get_absolute_url() + query)
    assert response.status_code == 200 and keys_on(response)


def test_a_short_publication_is_one_page_without_pagination(client):
    publication = PublicationFactory()
    for n in range(3):
        LearningItemFactory(publication=publication, position=n)
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "govuk-pagination" not in html and "Items 1 to" not in html


def test_a_page_costs_the_same_queries_whichever_page(client, long_publication):
    publication, _ = long_publication
    counts = []
    for query in ("", "?page=2", "?page=3"):
        client.get(publication.get_absolute_url() + query)
        with CaptureQueriesContext(connection) as queries:
            client.get(publication.get_absolute_url() + query)
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
