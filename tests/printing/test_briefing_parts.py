"""A briefing leaves out the parts it has nothing for, and numbers the rest in turn; a handout
whose texts ask no question prints no line saying so (the library fixture, not the seed)."""

import pytest
from django.urls import reverse

from learning.models import Kind
from printing import briefing as briefings
from tests.factories import LearningItemFactory, ThemeFactory
from tests.printing.conftest import docx_document


@pytest.mark.django_db
def test_a_briefing_leaves_out_empty_parts_and_numbers_the_rest_in_turn(client, library):
    theme = ThemeFactory(slug="only-learning", name="Only learning")
    LearningItemFactory(publication=library.report, kind=Kind.KEY_LEARNING, text="Share concerns.", themes=[theme])
    briefing = briefings.for_theme(theme)
    shown = [(part.shown_number, part.heading) for part in briefing.ordered_parts]
    assert shown == [
        (1, "Background"),
        (2, "Key learning"),
        (3, "Reflective questions"),
        (4, "Further information and sources"),
    ]
    assert briefing.parts_in_words == "Four parts"
    html = client.get(reverse("printing:briefing", args=[theme.slug])).content.decode()
    assert '<span class="app-briefing__number">2</span> Key learning</h2>' in html
    assert "Why it matters" not in html and "What practitioners should do" not in html
    assert "Four parts to read in seven minutes." in html
    document = docx_document(client.get(reverse("printing:briefing_docx", args=[theme.slug])).content)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. Background",
        "2. Key learning",
        "3. Reflective questions",
        "4. Further information and sources",
    ]


@pytest.mark.django_db
def test_a_handout_without_questions_of_its_own_prints_no_line_saying_so(client, library):
    theme = ThemeFactory(slug="no-questions", name="No questions")
    LearningItemFactory(publication=library.report, kind=Kind.KEY_LEARNING, text="Share concerns.", themes=[theme])
    html = client.get(reverse("printing:theme_handout", args=[theme.slug])).content.decode()
    assert "Questions the reviews ask" not in html and "None of the texts" not in html
    assert "General questions for discussion" in html
