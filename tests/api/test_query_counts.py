"""Each API request costs a fixed number of queries, whatever the corpus holds."""

import pytest

from core.models import Status
from learning.models import Kind
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

KINDS = list(Kind)


def corpus(size):
    themes = [ThemeFactory(slug=f"theme-{n}") for n in range(3)]
    ages = [AgeGroupFactory(slug="babies"), AgeGroupFactory(slug="teens")]
    police = AudienceFactory(slug="police")
    publications = [PublicationFactory(slug=f"publication-{n}") for n in range(3)]
    reviews = [ReviewFactory(slug=f"review-{n}", publications=[publications[n]]) for n in range(3)]
    for n in range(size):
        LearningItemFactory(
            publication=publications[n % 3],
            review=reviews[n % 3],
            kind=KINDS[n % len(KINDS)],
            text=f"Neglect of a child, case {n}.",
            themes=[themes[n % 3], themes[(n + 1) % 3]],
            age_groups=ages,
            audiences=[police],
            status=Status.PUBLISHED,
        )


# The content version; the page's ids in source order (walked on PostgreSQL); the page's items
# with their source; their themes, age groups, agencies and reviews. Their count is added up from
# the facet counts, cached under the version.
ITEM_LIST_QUERIES = 7
# A search: the content version; the matches in order of relevance (their count is theirs); the
# page's items with their source; their themes, age groups, agencies and reviews.
SEARCH_LIST_QUERIES = 6
# The content version; the item with its source and review; its themes, age groups and agencies.
ITEM_DETAIL_QUERIES = 5
# The content version (the themes and their counts are cached under it).
THEME_LIST_QUERIES = 1
# The content version; the page's publications with their boards (counts cached); their count.
PUBLICATION_LIST_QUERIES = 3
# The content version; the count; the page's reviews with their boards; their publications.
REVIEW_LIST_QUERIES = 4
# The content version; the count; the page's boards; their publications.
BOARD_LIST_QUERIES = 4


def warm(client, url):
    response = client.get(url)  # fills the caches every later request reads
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("size", [6, 60])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/items/", ITEM_LIST_QUERIES),
        ("/api/v1/items/?theme=theme-1&age_group=babies&kind=key_learning", ITEM_LIST_QUERIES),
        ("/api/v1/items/?page=2&page_size=3", ITEM_LIST_QUERIES),
        ("/api/v1/items/?q=neglect", SEARCH_LIST_QUERIES),
        ("/api/v1/items/publication-0/item-placeholder/", ITEM_DETAIL_QUERIES),
        ("/api/v1/themes/", THEME_LIST_QUERIES),
        ("/api/v1/themes/theme-1/", THEME_LIST_QUERIES),
        ("/api/v1/publications/", PUBLICATION_LIST_QUERIES),
        ("/api/v1/reviews/", REVIEW_LIST_QUERIES),
        ("/api/v1/boards/", BOARD_LIST_QUERIES),
    ],
)
def test_a_fixed_number_of_queries_at_any_size(client, django_assert_num_queries, size, url, expected):
    corpus(size)
    if "item-placeholder" in url:
        from learning.models import LearningItem

        item = LearningItem.objects.filter(publication__slug="publication-0").first()
        url = url.replace("item-placeholder", item.key)
    warm(client, url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
