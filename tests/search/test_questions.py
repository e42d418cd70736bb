"""Questions in practitioners' own words: small words, everyday words, acronyms, agencies."""

import pytest
from django.urls import reverse

from learning.models import GlossaryTerm, Synonym
from search.models import UnansweredSearch
from search.services import BROADENED_MESSAGE
from tests.factories import AudienceFactory, LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("learning:item_list")


def found(client, query, **params):
    result = client.get(LIST, {"q": query, **params}).context["result"]
    return result, [item.text for item in result.page.object_list]


@pytest.fixture
def items(db):
    theme = ThemeFactory()
    return {
        "bruising": LearningItemFactory(text="Bruising in non mobile babies must be explained.", themes=[theme]),
        "babies": LearningItemFactory(text="Babies cannot protect themselves.", themes=[theme]),
        "mother": LearningItemFactory(text="The mother's new partner was not assessed.", themes=[theme]),
        "lead": LearningItemFactory(text="A lead professional coordinates the plan.", themes=[theme]),
    }


def test_small_words_do_not_sink_a_question(client, items):
    _, with_small_words = found(client, "bruising in babies")
    _, without = found(client, "bruising babies")
    assert with_small_words == without
    assert "Bruising in non mobile babies must be explained." in with_small_words


def test_a_question_matching_no_item_in_full_finds_the_items_matching_most_of_it(client, items):
    result, texts = found(client, "what should I do about bruising on a baby")
    assert texts and texts[0] == "Bruising in non mobile babies must be explained."
    assert result.outcome.broadened and BROADENED_MESSAGE in result.notices
    assert not result.outcome.suggestion  # no "did you mean" when words were found


def test_everyday_words_find_the_texts_words_and_the_page_says_what_else_it_searched_for(client, items):
    Synonym.objects.create(term="mother", alternatives="mum\nmam", source="Everyday usage")
    result, texts = found(client, "mum")
    assert texts == ["The mother's new partner was not assessed."]
    assert "mother" in result.also_searched_for
    assert "mother" in client.get(LIST, {"q": "mum"}).content.decode()


@pytest.mark.parametrize("query", ["LADO", "section 47", "MASH", "FII", "EHE"])
def test_acronyms_and_numbers_are_never_corrected_into_other_words(client, items, query):
    GlossaryTerm.objects.create(term="LADO", expansion="Local Authority Designated Officer", general=True)
    result, texts = found(client, query)
    assert not result.outcome.suggestion and not result.outcome.showing_suggestion
    assert "A lead professional coordinates the plan." not in texts


def test_the_page_says_what_a_glossary_term_in_the_search_means(client, items):
    GlossaryTerm.objects.create(term="LADO", expansion="Local Authority Designated Officer", general=True)
    result, _ = found(client, "LADO")
    assert [term.term for term in result.explained_terms] == ["LADO"]
    assert "Local Authority Designated Officer" in client.get(LIST, {"q": "LADO"}).content.decode()


def test_choosing_an_agency_keeps_the_learning_for_all_practitioners(client, items):
    health, everyone = AudienceFactory(slug="health"), AudienceFactory(slug="all-practitioners")
    items["bruising"].audiences.add(health)
    items["babies"].audiences.add(everyone)
    result, texts = found(client, "babies", audience="health")
    assert set(texts) == {"Bruising in non mobile babies must be explained.", "Babies cannot protect themselves."}
    assert any("all practitioners" in notice for notice in result.notices)


def test_searches_that_find_nothing_are_counted_with_their_words_and_day_only(client, items):
    found(client, "zzqxv wibble")
    found(client, "  ZZQXV   wibble ")
    row = UnansweredSearch.objects.get()
    assert (row.text, row.count) == ("zzqxv wibble", 2)
    assert {field.name for field in UnansweredSearch._meta.fields} == {"id", "text", "count", "first_seen", "last_seen"}
    found(client, "babies")
    assert UnansweredSearch.objects.count() == 1  # a search that finds something is not counted


def test_a_question_naming_a_kind_or_an_age_raises_those_items_and_offers_the_filter(client, items):
    changed = LearningItemFactory(text="Bruising protocols changed.", kind="what_has_changed", themes=[ThemeFactory()])
    result, texts = found(client, "what has changed about bruising")
    assert texts[0] == changed.text
    assert ("What has changed", "kind", "what_has_changed") in result.offered_filters
    page = client.get(LIST, {"q": "what has changed about bruising"}).content.decode()
    assert "kind=what_has_changed" in page
