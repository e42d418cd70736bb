"""A small library for handout tests: one theme with every kind of item, short wordings from a
leaflet, questions in an item and in a section's introduction, and drafts that must never print."""

import io
import re
from types import SimpleNamespace

import pytest

from core.models import Status
from learning.models import Kind
from reviews.models import Publication
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    SectionFactory,
    ThemeFactory,
)

# Words that appear only in content the public must never see.
SECRETS = ("DRAFT-ITEM-SECRET", "WITHDRAWN-ITEM-SECRET", "UNPUBLISHED-DOCUMENT-SECRET", "DRAFT-LEAFLET-SECRET")


@pytest.fixture
def library(db):
    theme = ThemeFactory(
        slug="child-sexual-exploitation",
        name="Child sexual exploitation",
        description="When a child or young person is manipulated, coerced or groomed into sexual activity.",
    )
    other = ThemeFactory(slug="neglect", name="Neglect", description="Persistent failure to meet a child's needs.")
    empty = ThemeFactory(slug="young-carers", name="Young carers", description="Children who look after someone.")
    school = AgeGroupFactory(slug="school-age", name="School age children and young people")
    babies = AgeGroupFactory(slug="babies", name="Babies and pre-school children")
    police = AudienceFactory(slug="police", name="Police")
    board = BoardFactory(slug="derby-scb", name="Derby Safeguarding Children Board", short_name="Derby SCB")
    report = PublicationFactory(
        board=board,
        slug="derby-report",
        title="Review of Serious Case Reviews and Learning Reviews 2008 – 2014",
        short_title="Review of SCRs 2008–2014",
        year=2015,
        url="http://www.derbyscb.org.uk/scb2.asp",
    )
    leaflet = PublicationFactory(
        board=board,
        slug="derby-leaflet",
        title="Working with school age children and young people: A summary",
        short_title="Working with school age children (summary)",
        kind=Publication.Kind.SUMMARY_LEAFLET,
        year=2015,
    )
    other_board = BoardFactory(slug="lr-lscb", name="Leicestershire & Rutland LSCB", short_name="L&R LSCB")
    newsletter = PublicationFactory(
        board=other_board, slug="lr-newsletter", title="Learning Review, issue 2", kind=Publication.Kind.NEWSLETTER
    )
    section = SectionFactory(
        publication=report,
        key="section-6",
        number="6",
        title="Working with school age children",
        introduction=(
            "When dealing with poor attendance, consider:\n"
            "- What might be preventing the child attending school?\n"
            "- How might improvements in attendance be supported?\n\n"
            "These risks must still be considered."
        ),
    )
    question_item = LearningItemFactory(
        publication=report,
        section=section,
        key="6-j",
        locator="j",
        position=10,
        text=(
            "A question for agencies to ask themselves is: who is keeping the child safe? How do we know "
            "measures are adequate? Managers should be using these questions in supervision."
        ),
        short_text=(
            "Professionals need to ask themselves: Who is keeping the child safe? How do we know these "
            "measures are adequate? Managers should use these questions in supervision."
        ),
        short_publication=leaflet,
        short_locator="3",
        themes=[theme],
        age_groups=[school],
        audiences=[police],
    )
    key_learning = LearningItemFactory(
        publication=report,
        section=section,
        key="6-c",
        locator="c",
        position=5,
        text="Use the DSCB CSE Risk Assessment toolkit to understand how serious a situation is.",
        themes=[theme],
        age_groups=[school],
    )
    good = LearningItemFactory(
        publication=report,
        kind=Kind.GOOD_PRACTICE,
        key="gp-1",
        locator="",
        position=20,
        text="A **school nurse** noticed the *pattern* and told the social worker:\n- at once\n- in writing",
        themes=[theme],
        age_groups=[babies],
    )
    changed = LearningItemFactory(
        publication=report,
        kind=Kind.WHAT_HAS_CHANGED,
        key="wc-1",
        locator="6.13",
        position=30,
        title="Child Sexual Exploitation - Awareness raising in schools",
        text="Young people in Derby have received specific sessions in schools about the risks of CSE.",
        themes=[theme, other],
    )
    national = LearningItemFactory(
        publication=report,
        kind=Kind.NATIONAL_FINDING,
        key="nf-1",
        locator="",
        position=40,
        text="Pockets of good development in maltreated young people do not necessarily signal resilience.",
        themes=[theme],
    )
    message = LearningItemFactory(
        publication=newsletter,
        kind=Kind.KEY_MESSAGE,
        key="km-1",
        locator="",
        position=1,
        text="Pre-birth assessments should begin swiftly.",
        themes=[theme],
    )
    recommendation = LearningItemFactory(
        publication=newsletter,
        kind=Kind.RECOMMENDATION,
        key="rec-1",
        locator="1",
        position=2,
        text="You ensure children who are being exploited are not criminalised.",
        themes=[theme],
        audiences=[police],
    )
    neglect_only = LearningItemFactory(
        publication=newsletter,
        key="neglect-1",
        position=3,
        text="Neglect is measured by what the child experiences, not by the parents' intentions.",
        themes=[other],
    )
    # Never public: a draft item, a withdrawn item, a published item in a draft document, and
    # a published item whose short wording comes from a draft leaflet.
    draft = LearningItemFactory(
        publication=report, key="draft-1", status=Status.DRAFT, text="DRAFT-ITEM-SECRET wording?", themes=[theme]
    )
    withdrawn = LearningItemFactory(
        publication=report, key="withdrawn-1", status=Status.WITHDRAWN, text="WITHDRAWN-ITEM-SECRET.", themes=[theme]
    )
    hidden_document = PublicationFactory(board=board, slug="draft-report", title="Draft report", status=Status.DRAFT)
    in_draft_document = LearningItemFactory(
        publication=hidden_document, key="hidden-1", text="UNPUBLISHED-DOCUMENT-SECRET?", themes=[theme]
    )
    draft_leaflet = PublicationFactory(
        board=board, slug="draft-leaflet", title="DRAFT-LEAFLET-SECRET leaflet", status=Status.DRAFT
    )
    short_from_draft = LearningItemFactory(
        publication=report,
        key="6-k",
        locator="k",
        position=50,
        section=section,
        text="Attend multi agency training to support the development of your skills.",
        short_text="DRAFT-LEAFLET-SECRET short wording.",
        short_publication=draft_leaflet,
        themes=[theme],
    )
    return SimpleNamespace(
        theme=theme,
        other=other,
        empty=empty,
        school=school,
        police=police,
        report=report,
        leaflet=leaflet,
        newsletter=newsletter,
        section=section,
        question_item=question_item,
        key_learning=key_learning,
        good=good,
        changed=changed,
        national=national,
        message=message,
        recommendation=recommendation,
        neglect_only=neglect_only,
        short_from_draft=short_from_draft,
        public=[key_learning, question_item, short_from_draft, good, changed, national, message, recommendation],
        hidden=[draft, withdrawn, in_draft_document],
    )


def normalise(text):
    """Words only: what a reader sees of stored text, whatever the format's line breaks."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^\s*[-•] ", "", text, flags=re.M)
    return " ".join(text.split())


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return normalise(" ".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def docx_document(content):
    import docx

    return docx.Document(io.BytesIO(content))


def docx_text(document):
    return normalise(" ".join(paragraph.text for paragraph in document.paragraphs))
