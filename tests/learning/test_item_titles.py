"""Items titled by their content (LearningItem.heading, learning/headings.py), result cards that
show each text once, glossary terms that link to their entry, and the printed search line."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from learning.headings import card_parts, first_words, heading
from learning.search_index import rebuild
from tests.factories import GlossaryTermFactory, LearningItemFactory, PublicationFactory, ThemeFactory

NBSP_ELLIPSIS = "\u00a0…"
LONG = (
    "Non mobile babies cannot inflict bruising on themselves and bruising is the result of "
    "significant force. Medical attention must be sought."
)


def test_a_title_of_its_own_is_the_heading_without_its_markers():
    assert heading("**Thresholds** – are we consistent?", LONG) == "Thresholds – are we consistent?"


def test_a_short_first_sentence_is_the_heading_without_its_full_stop():
    assert first_words("Be persistent; ask questions.") == "Be persistent"
    assert first_words("Make sure information is not misunderstood. Medical terms need explaining.") == (
        "Make sure information is not misunderstood"
    )


def test_a_long_text_gives_its_first_ten_words_cut_at_a_word_boundary():
    assert first_words(LONG) == "Non mobile babies cannot inflict bruising on themselves and bruising" + NBSP_ELLIPSIS
    assert first_words("- One point, a bullet\n- **Two** and more words here to make it long enough now") == (
        "One point, a bullet Two and more words here to" + NBSP_ELLIPSIS
    )


def test_a_cut_never_ends_on_a_comma_or_dash():
    text = "Aaa bbb ccc ddd eee fff ggg hhh iii jjj, kkk lll mmm nnn ooo ppp."
    assert first_words(text, limit=10) == "Aaa bbb ccc ddd eee fff ggg hhh iii jjj" + NBSP_ELLIPSIS


def test_card_parts_split_the_first_sentence_from_the_rest():
    assert card_parts(LONG) == (
        "Non mobile babies cannot inflict bruising on themselves and bruising is the result of significant force.",
        "Medical attention must be sought.",
    )
    assert card_parts("Be persistent;") == ("Be persistent;", "")
    assert card_parts("- a list first\n- then more") is None
    assert card_parts("Start *emphasised and then the cut lands inside it " + "word " * 40 + "end*.") is None


def test_a_long_first_sentence_is_cut_and_the_rest_goes_on_from_there():
    words = [f"w{n}" for n in range(40)]
    lead, rest = card_parts(" ".join(words) + ". Next sentence.")
    assert lead == " ".join(words[:20]) + NBSP_ELLIPSIS
    assert rest == "… " + " ".join(words[20:]) + ". Next sentence."


@pytest.mark.django_db
def test_the_item_page_is_titled_by_its_words_with_kind_and_source(client):
    publication = PublicationFactory(title="Review of SCRs", board__short_name="Derby SCB")
    item = LearningItemFactory(publication=publication, locator="b", text=LONG)
    html = client.get(item.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Non mobile babies cannot inflict bruising on themselves and bruising" + NBSP_ELLIPSIS)
    assert "Key learning point b, Derby SCB" in title
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Key learning point b — Derby SCB, Review of SCRs" in h1  # the caption
    assert h1.rstrip().endswith("bruising" + NBSP_ELLIPSIS)
    assert ">Key learning point b</h1>" not in html


def card(item, snippet=""):
    return render_to_string("includes/item_card.html", {"item": item, "snippet": snippet})


def visible_words(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.django_db
def test_a_card_shows_each_text_once():
    short = LearningItemFactory(text="Be persistent;")
    html = card(short)
    assert html.count("Be persistent") == 1
    assert 'class="app-item__text"' not in html  # nothing under the link

    long = LearningItemFactory(text=LONG)
    html = card(long)
    assert visible_words(html).count("Non mobile babies") == 1
    link = re.search(r'<h3[^>]*><a class="govuk-link" href="[^"]+">(.*?)</a></h3>', html, re.S).group(1)
    assert link.startswith("Non mobile babies") and link.endswith("significant force.")
    assert "Medical attention must be sought." in html.split("</h3>", 1)[1]

    titled = LearningItemFactory(title="Support for new parents", text=LONG)
    html = card(titled)
    assert ">Support for new parents</a>" in html
    assert visible_words(html).count("Non mobile babies") == 1


@pytest.mark.django_db
def test_a_search_card_marks_the_words_found_in_its_link_when_the_passage_repeats_it():
    item = LearningItemFactory(text="Be clear about bruising in babies.")
    snippet = mark_safe('Be clear about <mark class="app-highlight">bruising</mark> in babies.')
    html = card(item, snippet)
    assert 'Be clear about <mark class="app-highlight">bruising</mark> in babies.</a>' in html
    assert visible_words(html).count("Be clear") == 1

    long = LearningItemFactory(text=LONG)
    passage = mark_safe('… result of <mark class="app-highlight">significant</mark> force …')  # as search gives it
    html = card(long, passage)
    assert passage in html  # a passage from further on takes the text's place
    assert "Medical attention" not in html


@pytest.mark.django_db
def test_glossary_terms_link_to_their_entry_which_has_that_id(client):
    GlossaryTermFactory(term="DFE RR226", expansion="New Learning from Serious Case Reviews")
    item = LearningItemFactory(themes=[ThemeFactory()], text="As the national report found (DFE RR226).")
    html = client.get(item.get_absolute_url()).content.decode()
    assert (
        '<a class="app-term" href="/glossary/#term-dfe-rr226" data-expansion="New Learning from Serious Case Reviews">'
        '<abbr title="New Learning from Serious Case Reviews">DFE RR226</abbr>'
        '<span class="govuk-visually-hidden">, what it means</span></a>'
    ) in html
    glossary = client.get(reverse("learning:glossary")).content.decode()
    assert 'id="term-dfe-rr226"' in glossary


@pytest.mark.django_db
def test_a_printed_results_page_says_what_was_searched_and_filtered(client):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    LearningItemFactory(text="Neglect of a baby.", themes=[theme])
    rebuild()
    html = client.get(reverse("learning:item_list"), {"q": "baby", "theme": "neglect"}).content.decode()
    assert '<p class="govuk-body app-printed-search">Search: “baby”. Filters: Theme: Neglect.</p>' in html
    html = client.get(reverse("learning:item_list")).content.decode()
    assert "Search: all learning. Filters: none." in html
