"""The 7-minute briefing: seven parts filled from stored content only, on two A4 pages at most."""

import pytest
from django.urls import reverse

from learning.models import Kind
from printing import briefing as briefings
from tests.factories import LearningItemFactory, PublicationFactory, SectionFactory, ThemeFactory
from tests.printing.conftest import SECRETS, docx_document, normalise, pdf_text

PARTS = [
    "Background",
    "Why it matters",
    "Key information",
    "Key learning",
    "What practitioners should do",
    "Reflective questions",
    "Further information and sources",
]


@pytest.mark.django_db
def test_each_part_is_filled_from_stored_content(library):
    briefing = briefings.for_theme(library.theme)
    parts = briefing.parts
    assert [parts[number].heading for number in range(1, 8)] == PARTS
    assert [entry.item for entry in parts[2].entries] == [library.national, library.changed]
    assert [entry.item for entry in parts[3].entries] == [library.message]
    assert [entry.item for entry in parts[4].entries] == [
        library.key_learning,
        library.question_item,
        library.short_from_draft,
    ]
    assert [entry.item for entry in parts[5].entries] == [library.recommendation, library.good]
    assert parts[7].entries == []
    stored = {item.pk: {item.text, item.short_text} for item in library.public}
    for part in parts.values():
        for entry in part.entries:
            assert entry.wording in stored[entry.item.pk]
    assert [question.text for question in briefing.questions][:2] == [
        "Professionals need to ask themselves: Who is keeping the child safe?",
        "How do we know these measures are adequate?",
    ]
    assert briefing.item_count == len(library.public)
    assert briefing.all_source_count == 3


@pytest.mark.django_db
def test_briefing_says_what_it_leaves_out_and_never_cuts_an_item(library):
    long_theme = ThemeFactory(slug="long", name="Long")
    items = [
        LearningItemFactory(
            publication=library.report, kind=Kind.KEY_LEARNING, text=f"Point {n}. " + "word " * 60, themes=[long_theme]
        )
        for n in range(12)
    ]
    too_long = LearningItemFactory(
        publication=library.report, kind=Kind.GOOD_PRACTICE, text="long " * 800, themes=[long_theme]
    )
    briefing = briefings.for_theme(long_theme)
    part = briefing.parts[4]
    assert 0 < len(part.entries) < len(items)
    assert part.note == f"{len(part.entries)} of 12 shown here; the full themed summary has them all."
    assert all(entry.wording == entry.item.text for entry in part.entries)
    assert briefing.parts[5].entries == []
    assert briefing.parts[5].note == "1 item, too long for a two-page briefing, in the full themed summary."
    assert too_long.pk not in [entry.item.pk for entry in briefing.parts[5].entries]


@pytest.mark.django_db
def test_briefing_in_three_formats(client, library):
    html = client.get(reverse("printing:briefing", args=["child-sexual-exploitation"]))
    assert html.status_code == 200
    page = html.content.decode()
    for number, heading in enumerate(PARTS, start=1):
        assert f'<span class="app-briefing__number">{number}</span> {heading}</h2>' in page

    pdf = client.get(reverse("printing:briefing_pdf", args=["child-sexual-exploitation"]))
    text, pages = pdf_text(pdf.content)
    assert pages <= 2
    assert normalise(library.question_item.short_text) in text
    assert "7-minute briefing: Child sexual exploitation" in text
    assert not any(secret in text for secret in SECRETS)

    document = docx_document(client.get(reverse("printing:briefing_docx", args=["child-sexual-exploitation"])).content)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{number}. {heading}" for number, heading in enumerate(PARTS, start=1)]
    assert document.paragraphs[0].text == "7-minute briefing: Child sexual exploitation"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kinds",
    [list(Kind), [Kind.KEY_LEARNING, Kind.RECOMMENDATION], [Kind.WHAT_HAS_CHANGED]],
    ids=["every-part-full", "two-parts-share-the-room", "one-part-takes-the-room"],
)
def test_a_crowded_theme_still_fits_two_pages(client, kinds):
    """Parts full to their budgets with long titles, long questions and many documents."""
    theme = ThemeFactory(slug="crowded", name="A theme with a long name to fill the running title of the page")
    sentence = "Practitioners should record what they see and share it with the right agency at the right time. "
    for n, kind in enumerate([kind for kind in kinds for _ in range(12)]):
        publication = PublicationFactory(
            title=f"A very long publication title for a review of serious case reviews and learning reviews {n}"
        )
        section = SectionFactory(
            publication=publication,
            introduction="- What might be preventing the child attending school and how would we know?\n" * 3,
        )
        LearningItemFactory(
            publication=publication,
            section=section,
            kind=kind,
            title="A heading that the source gives to this point, and it is long" if n % 2 else "",
            text=sentence * (1 + n % 4)
            + "Who is keeping the child safe, and how do we know these measures are adequate?",
            themes=[theme],
        )
    response = client.get(reverse("printing:briefing_pdf", args=["crowded"]))
    _text, pages = pdf_text(response.content)
    assert pages <= 2


@pytest.mark.django_db
def test_briefing_takes_the_same_few_queries_however_many_items(library, django_assert_max_num_queries):
    big = ThemeFactory(slug="big", name="Big")
    for kind in Kind:
        LearningItemFactory.create_batch(6, kind=kind, themes=[big], publication=library.report)
    with django_assert_max_num_queries(4):
        briefing = briefings.for_theme(big)
        for part in briefing.ordered_parts:
            [(entry.wording, entry.citation, entry.short_citation) for entry in part.entries]
        [source.citation for source in briefing.sources]
    assert briefing.item_count == 6 * len(Kind)
    assert briefing.parts[4].more == 6 - len(briefing.parts[4].entries)
