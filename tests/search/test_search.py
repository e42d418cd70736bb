"""Search finds the right items, by content, on whichever database is configured."""

import pytest
from django.urls import reverse

from core.models import Status
from core.services import withdraw as withdraw_items
from learning.models import LearningItem
from learning.publishing import publish_publication
from learning.search_index import rebuild
from search.services import best_matches, corrected, search_items
from tests.factories import GlossaryTermFactory, LearningItemFactory, PublicationFactory, SynonymFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def found(raw):
    """The texts of the items a search finds, best first (equal ranks in the order they were made)."""
    published = LearningItem.objects.published()
    ids, _more = best_matches(search_items(published, raw), published, tie_breaks=("pk",))
    texts = dict(published.values_list("pk", "text"))
    return [texts[pk] for pk in ids]


@pytest.fixture
def corpus(db):
    GlossaryTermFactory(term="CSE", expansion="Child sexual exploitation")
    SynonymFactory(term="domestic abuse", alternatives="domestic violence")
    theme = ThemeFactory(name="Safe sleeping and infant safety")
    LearningItemFactory(text="Non mobile babies cannot inflict bruising on themselves.", themes=[theme])
    LearningItemFactory(text="Young people at risk of CSE must be treated as having complex needs.")
    LearningItemFactory(text="Recognise the warning signs of child sexual exploitation in schools.")
    LearningItemFactory(text="Understand the implications of domestic violence on each member of the family.")
    LearningItemFactory(text="Think Family: consider every family member's strengths.")
    LearningItemFactory(text="Every family needs support, and schools should think about it.")
    LearningItemFactory(text="A bruise on a baby needs medical attention.", status=Status.DRAFT)
    LearningItemFactory(
        text="Bruises seen in a withdrawn publication.", publication=PublicationFactory(status=Status.DRAFT)
    )
    rebuild()


def test_stemming_finds_other_forms(corpus):
    assert found("bruises") == ["Non mobile babies cannot inflict bruising on themselves."]
    assert found("bruise") == ["Non mobile babies cannot inflict bruising on themselves."]


def test_irregular_plurals_find_each_other(corpus):
    """Stemming leaves "children" and "people" as they are; the vocabulary joins them to the singular."""
    plural = "Children who go missing from home need a return interview."
    singular = "A person who lives with the child is part of the assessment."
    LearningItemFactory(text=plural)
    LearningItemFactory(text=singular)
    rebuild()
    assert {plural, singular} <= set(found("child"))
    assert sorted(found("children")) == sorted(found("child"))
    assert singular in found("people")
    assert "Young people at risk of CSE must be treated as having complex needs." in found("person")


def test_drafts_and_unpublished_publications_are_never_found(corpus):
    results = " ".join(found("bruise OR bruises OR baby"))
    assert "medical attention" not in results
    assert "withdrawn publication" not in results


def test_acronym_finds_its_expansion_and_back(corpus):
    assert sorted(found("CSE")) == sorted(
        [
            "Young people at risk of CSE must be treated as having complex needs.",
            "Recognise the warning signs of child sexual exploitation in schools.",
        ]
    )
    assert sorted(found("child sexual exploitation")) == sorted(found("CSE"))


def test_synonyms_from_the_admin_list(corpus):
    assert found("domestic abuse") == ["Understand the implications of domestic violence on each member of the family."]


def test_phrase_search(corpus):
    assert found('"think family"') == ["Think Family: consider every family member's strengths."]
    assert len(found("think family")) == 2


def test_exclusion(corpus):
    assert set(found("family -schools")) == {
        "Understand the implications of domestic violence on each member of the family.",
        "Think Family: consider every family member's strengths.",
    }


def test_theme_names_are_searchable(corpus):
    assert found("infant safety") == ["Non mobile babies cannot inflict bruising on themselves."]


def test_misspelling_still_finds_results(corpus):
    base = LearningItem.objects.published()
    outcome = search_items(base, "brusing")
    assert not outcome.queryset.exists()
    retry = corrected(outcome, base)
    assert retry.showing_suggestion
    assert retry.suggestion == outcome.suggestion == "bruising"
    assert [item.text for item in retry.queryset] == ["Non mobile babies cannot inflict bruising on themselves."]


def test_nothing_found_without_a_suggestion(corpus):
    base = LearningItem.objects.published()
    outcome = search_items(base, "zzzzqqqq")
    assert not outcome.queryset.exists()
    assert corrected(outcome, base) is None
    assert outcome.suggestion == ""


def test_punctuation_only_query_is_explained_not_searched(corpus):
    outcome = search_items(LearningItem.objects.published(), "?!*")
    assert not outcome.active
    assert outcome.messages
    assert outcome.queryset.count() == 6


def test_ranking_prefers_the_short_wording(db):
    leaflet = PublicationFactory()
    LearningItemFactory(text="Neglect is mentioned once here among many other words about families.")
    strong = LearningItemFactory(text="Other words.", short_text="Neglect: act on neglect.", short_publication=leaflet)
    rebuild()
    published = LearningItem.objects.published()
    ids, _more = best_matches(search_items(published, "neglect"), published)
    assert ids[0] == strong.pk


def test_saving_an_item_updates_the_index(db):
    item = LearningItemFactory(text="About attendance at school.")
    assert found("attendance") == ["About attendance at school."]
    item.text = "About housing conditions."
    item.save()
    assert found("attendance") == []
    assert found("housing") == ["About housing conditions."]


def test_tagging_a_theme_updates_the_index(db):
    item = LearningItemFactory(text="Plain words.")
    item.themes.add(ThemeFactory(name="Criminal exploitation and gangs"))
    assert found("gangs") == ["Plain words."]


def test_deleting_an_item_removes_it_from_the_index(db):
    item = LearningItemFactory(text="Temporary learning.")
    item.delete()
    assert found("temporary") == []


def test_glossary_change_reaches_search_immediately(db):
    LearningItemFactory(text="Refer to the MARAC.")
    assert found("risk assessment conference") == []
    GlossaryTermFactory(term="MARAC", expansion="Multi Agency Risk Assessment Conference")
    assert found("risk assessment conference") == ["Refer to the MARAC."]


@pytest.fixture
def borrowed_wording(db):
    """A full-report item whose short wording comes from a leaflet that is still a draft."""
    leaflet = PublicationFactory(status=Status.DRAFT, slug="summary-leaflet")
    item = LearningItemFactory(
        text="Professionals should consider the wider family network.",
        short_text="Remember the hidden grandparents.",
        short_publication=leaflet,
    )
    rebuild()
    return item, leaflet


def test_a_draft_leaflets_short_wording_is_not_searchable_until_published(borrowed_wording):
    _item, leaflet = borrowed_wording
    assert found("grandparents") == []
    leaflet.status = Status.PUBLISHED
    leaflet.save()
    assert found("grandparents") == ["Professionals should consider the wider family network."]


def test_a_draft_leaflets_short_wording_is_not_shown(client, borrowed_wording):
    item, leaflet = borrowed_wording
    assert item.display_text == "Professionals should consider the wider family network."
    for url in ("/learning/", item.get_absolute_url(), item.publication.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert "hidden grandparents" not in response.text, url
    leaflet.status = Status.PUBLISHED
    leaflet.save()
    assert "hidden grandparents" in client.get(item.get_absolute_url()).text
    assert "hidden grandparents" in client.get("/learning/").text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_did_you_mean_never_offers_a_word_only_unpublished_items_use(client, status):
    LearningItemFactory(text="Practitioners should share information.", themes=[ThemeFactory()])
    hidden = LearningItemFactory(text="The zanzibarite protocol was followed.", status=status, themes=[ThemeFactory()])
    for query in ("zanzibarit", "zanzibarit information"):
        assert "zanzibarite" not in client.get(reverse("learning:item_list"), {"q": query}).content.decode()
    hidden.delete()
    assert "zanzibarite" not in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()


def test_did_you_mean_forgets_a_word_when_its_only_item_is_withdrawn_or_deleted(client):
    item = LearningItemFactory(text="The zanzibarite protocol was followed.", themes=[ThemeFactory()])
    assert "zanzibarite" in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()
    withdraw_items([item])
    assert "zanzibarite" not in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()
    item.delete()
    assert "zanzibarite" not in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()


def test_did_you_mean_learns_the_words_of_a_publication_when_it_is_published(client):
    publication = PublicationFactory(status=Status.DRAFT)
    LearningItemFactory(publication=publication, text="The zanzibarite protocol.", themes=[ThemeFactory()])
    assert "zanzibarite" not in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()
    publish_publication(publication)
    assert "zanzibarite" in client.get(reverse("learning:item_list"), {"q": "zanzibarit"}).content.decode()
