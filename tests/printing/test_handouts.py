"""Assembling handouts: what they hold, in what order, quoted exactly, and never a draft."""

import pytest
from django.http import QueryDict

from learning.models import Kind
from printing import handouts
from printing.handouts import GENERAL_QUESTIONS, GENERAL_QUESTIONS_HEADING, questions_in
from tests.factories import LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_questions_in_finds_sentences_and_bullets_exactly_as_written():
    text = (
        "A question for agencies to ask themselves is: who is keeping the child safe? How do we know measures "
        "are adequate? Managers should be using these questions.\n"
        "For example:\n- Might a child be additionally wary of professionals?\n- Professionals need to work together."
    )
    found = questions_in(text)
    assert found == [
        "A question for agencies to ask themselves is: who is keeping the child safe?",
        "How do we know measures are adequate?",
        "Might a child be additionally wary of professionals?",
    ]
    assert all(question in text for question in found)
    assert questions_in("No questions here. None at all.") == []
    assert questions_in("") == []


def test_theme_handout_groups_published_items_by_kind_in_source_order(library):
    handout = handouts.for_theme(library.theme)
    headings = [group.heading for group in handout.groups]
    assert headings == [
        "Key learning points",
        "Recommendations for practice",
        "Good practice",
        "What has changed",
        "National findings",
        "Key points to remember",
    ]
    key_points = [entry.item for entry in handout.groups[0].entries]
    assert key_points == [library.key_learning, library.question_item, library.short_from_draft]
    assert {entry.item.pk for entry in handout.entries} == {item.pk for item in library.public}
    assert not {item.pk for item in library.hidden} & {entry.item.pk for entry in handout.entries}
    assert handout.title == "Child sexual exploitation"
    assert handout.description == library.theme.description
    assert handout.item_count == handout.total == len(library.public)


def test_entries_print_the_stored_wording_exactly_short_first(library):
    handout = handouts.for_theme(library.theme, include_full=True)
    entries = {entry.item.pk: entry for entry in handout.entries}
    question = entries[library.question_item.pk]
    assert question.wording == library.question_item.short_text
    assert question.full_text == library.question_item.text
    assert question.short_citation == "Derby SCB, Working with school age children (summary), point 3"
    assert question.citation == "Derby SCB, Review of SCRs 2008–2014, section 6, point j"
    plain = entries[library.key_learning.pk]
    assert plain.wording == library.key_learning.text
    assert plain.full_text == ""
    # A short wording whose leaflet is not published is not printed (nor is the leaflet cited).
    from_draft = entries[library.short_from_draft.pk]
    assert from_draft.wording == library.short_from_draft.text
    assert from_draft.short_citation == ""


def test_reflective_questions_quote_the_texts_and_say_where_from(library):
    handout = handouts.for_theme(library.theme)
    questions = [(question.text, question.source) for question in handout.questions]
    assert questions == [
        ("Professionals need to ask themselves: Who is keeping the child safe?", library.question_item.citation),
        ("How do we know these measures are adequate?", library.question_item.citation),
        (
            "What might be preventing the child attending school?",
            "Derby SCB, Review of SCRs 2008–2014, introduction to section 6",
        ),
        (
            "How might improvements in attendance be supported?",
            "Derby SCB, Review of SCRs 2008–2014, introduction to section 6",
        ),
    ]
    stored = [library.question_item.short_text, library.section.introduction]
    assert all(any(question in text for text in stored) for question, _source in questions)
    # Questions in drafts never appear.
    assert not any("SECRET" in question for question, _source in questions)
    # The general questions are a fixed template, labelled as not from the reviews.
    assert handout.general_questions == GENERAL_QUESTIONS
    assert "not from the reviews" in GENERAL_QUESTIONS_HEADING


def test_sources_cite_every_document_used_in_full(library):
    handout = handouts.for_theme(library.theme)
    citations = [source.citation for source in handout.sources]
    assert citations[0] == (
        "Derby Safeguarding Children Board (2015). Review of Serious Case Reviews and Learning Reviews 2008 – 2014. "
        "Full report. Available at http://www.derbyscb.org.uk/scb2.asp"
    )
    assert any(
        citation.startswith("Derby Safeguarding Children Board (2015). Working with school age")
        for citation in citations
    )
    assert any("Learning Review, issue 2. Newsletter." in citation for citation in citations)
    assert not any("SECRET" in citation or "Draft report" in citation for citation in citations)
    assert len(citations) == 3


def test_selection_handout_uses_the_list_filters(library):
    handout = handouts.for_selection(QueryDict("theme=child-sexual-exploitation&age_group=school-age"))
    assert {entry.item.pk for entry in handout.entries} == {library.key_learning.pk, library.question_item.pk}
    assert handout.title == "Child sexual exploitation"
    assert handout.scope == ["Theme: Child sexual exploitation", "Age group: School age children and young people"]

    by_kind = handouts.for_selection(QueryDict("kind=good_practice&kind=what_has_changed"))
    assert [group.kind for group in by_kind.groups] == [Kind.GOOD_PRACTICE, Kind.WHAT_HAS_CHANGED]
    assert by_kind.title == "Selected learning"

    searched = handouts.for_selection(QueryDict("q=toolkit"))
    assert [entry.item for entry in searched.entries] == [library.key_learning]
    assert searched.title == "Learning matching “toolkit”"

    unknown = handouts.for_selection(QueryDict("theme=no-such-theme&q=toolkit"))
    assert any("did not recognise" in notice for notice in unknown.notices)

    nothing = handouts.for_selection(QueryDict("q=DRAFT-ITEM-SECRET"))
    assert nothing.is_empty


def test_handouts_are_capped_with_a_clear_message(library, monkeypatch):
    monkeypatch.setattr(handouts, "HANDOUT_CAP", 3)
    handout = handouts.for_theme(library.theme)
    assert handout.item_count == 3
    assert handout.total == len(library.public)
    assert handout.truncated
    assert handout.notices == [
        f"There are {len(library.public)} items, so this handout holds the first 3. "
        "To print the rest, narrow it down by age group or agency on the theme page."
    ]


def test_theme_handout_takes_the_same_few_queries_however_many_items(library, django_assert_max_num_queries):
    big = ThemeFactory(slug="big", name="Big")
    LearningItemFactory.create_batch(30, themes=[big], publication=library.report)
    with django_assert_max_num_queries(2):
        handout = handouts.for_theme(big)
        [(entry.wording, entry.citation, entry.short_citation) for entry in handout.entries]
        [source.citation for source in handout.sources]
        list(handout.questions)
    assert handout.item_count == 30


def test_pack_handout_keeps_the_trainers_order_and_labels_each_kind(library):
    items = [library.recommendation, library.key_learning, library.good]
    handout = handouts.for_pack(items)
    assert [entry.item for entry in handout.entries] == items
    assert handout.show_kind
    assert [entry.kind_label for entry in handout.entries] == [
        "Recommendation for practice",
        "Key learning point",
        "Good practice",
    ]
    assert handouts.for_pack([]).is_empty
