"""A search's ranking is kept past a change of content that cannot touch it (an item it does
not list and that does not match), and found afresh after any change that can."""

import pytest
from django.http import QueryDict

from core import versioning
from core.models import ContentChange, Status
from learning.models import LearningItem
from learning.search_index import rebuild
from learning.selectors import find_items
from tests.factories import LearningItemFactory, SynonymFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    theme = ThemeFactory(name="Neglect", slug="neglect")
    neglect = [LearningItemFactory(text=f"Neglect case {n}: neglect was missed.", themes=[theme]) for n in "abc"]
    other = LearningItemFactory(text="Bruising in babies who cannot crawl.")
    rebuild()
    return neglect, other


def listed(query="q=neglect"):
    with versioning.request_scope():
        return [item.pk for item in find_items(QueryDict(query)).page]


def test_an_edit_of_an_item_that_neither_is_listed_nor_matches_keeps_the_ranking(corpus, django_assert_num_queries):
    neglect, other = corpus
    before = listed()
    other.title = "Bruising, edited"
    other.save()
    # the content version, what changed since the ranking was made, whether the edited item
    # matches now, the page's items and their themes, the facets counted again
    with django_assert_num_queries(6), versioning.request_scope():
        result = find_items(QueryDict("q=neglect"))
        assert [item.pk for item in result.page] == before


def test_an_edit_that_makes_an_item_match_is_found_at_once(corpus):
    neglect, other = corpus
    listed()
    other.text = "Neglect of a baby's bruising."
    other.save()
    assert other.pk in listed()


def test_withdrawing_a_listed_item_drops_it_at_once(corpus):
    neglect, other = corpus
    assert neglect[0].pk in listed()
    neglect[0].status = Status.WITHDRAWN
    neglect[0].save()
    assert neglect[0].pk not in listed()


def test_retagging_a_listed_item_reranks_a_filtered_search(corpus):
    neglect, other = corpus
    assert neglect[1].pk in listed("q=neglect&theme=neglect")
    neglect[1].themes.clear()
    assert neglect[1].pk not in listed("q=neglect&theme=neglect")


def test_a_new_synonym_ranks_again(corpus):
    neglect, other = corpus
    assert other.pk not in listed("q=neglect")
    SynonymFactory(term="neglect", alternatives="crawl")
    assert other.pk in listed("q=neglect")


def test_a_change_about_anything_ranks_again(corpus):
    neglect, other = corpus
    listed()
    versioning.bump(versioning.CONTENT)  # a bulk write: not about named items
    assert ContentChange.objects.filter(item__isnull=True).exists()
    LearningItem.objects.filter(pk=other.pk).update(text="Neglect, written in bulk.")
    rebuild()
    versioning.bump(versioning.CONTENT)
    assert other.pk in listed()


def test_the_change_log_names_each_item_saved_and_each_version_once(corpus):
    neglect, other = corpus
    start = versioning.current()
    with versioning.request_scope():
        other.save()
        version = versioning.current()
    assert versioning.items_changed_since(start, version) == {other.pk}
    versioning.bump(versioning.CONTENT)
    assert versioning.items_changed_since(start, version + 1) is None  # the bump was about anything
    assert versioning.items_changed_since(version - versioning.MAX_CHANGES_CHECKED - 1, version) is None
