"""A publication page costs the same number of SQL queries however many items it holds (it
once fetched each item's publication and board one by one: 3,994 queries for 2,500 items)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LearningItemFactory, PublicationFactory, SectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # caches warm, as a running site has them
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_a_publication_page_costs_the_same_with_3_or_30_items(client):
    theme = ThemeFactory()
    small, large = PublicationFactory(), PublicationFactory()
    for publication, count in ((small, 3), (large, 30)):
        section = SectionFactory(publication=publication)
        for n in range(count):
            LearningItemFactory(publication=publication, section=section, position=n, locator=str(n), themes=[theme])
    assert queries_for(client, small.get_absolute_url()) == queries_for(client, large.get_absolute_url())
