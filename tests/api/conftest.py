"""Published and unpublished content for the open data tests."""

import pytest

from core.models import Status
from learning.models import Kind
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    GlossaryTermFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    SectionFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    settings.API_ANON_RATE = "10000/minute"  # throttling has its own tests


@pytest.fixture
def content(db):
    """Two published items and one of each unpublished kind, with their provenance."""
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    cse = ThemeFactory(slug="cse", name="Child sexual exploitation")
    babies = AgeGroupFactory(slug="babies", name="Babies")
    police = AudienceFactory(slug="police", name="Police")
    board = BoardFactory(slug="derby-scb", name="Derby Safeguarding Children Board", short_name="Derby SCB")
    report = PublicationFactory(board=board, slug="derby-report", title="Derby report", year=2015)
    leaflet = PublicationFactory(board=board, slug="derby-leaflet", title="Derby leaflet", year=2015)
    section = SectionFactory(publication=report, key="s5", number="5", title="Learning")
    review = ReviewFactory(board=board, slug="case-a", title="Case A", publications=[report])
    draft_review = ReviewFactory(board=board, slug="case-b", title="Case B", status=Status.DRAFT)
    first = LearningItemFactory(
        publication=report,
        section=section,
        key="5-a",
        locator="a",
        position=1,
        title="Listen to the child",
        text="Practitioners should listen to the child about neglect.",
        short_text="Listen to the child.",
        short_publication=leaflet,
        review=review,
        themes=[neglect],
        age_groups=[babies],
        audiences=[police],
    )
    second = LearningItemFactory(
        publication=report,
        section=section,
        key="5-b",
        locator="b",
        position=2,
        kind=Kind.GOOD_PRACTICE,
        text="Good practice in sharing information about exploitation.",
        review=draft_review,
        themes=[cse],
    )
    draft_publication = PublicationFactory(board=board, slug="draft-report", status=Status.DRAFT)
    hidden = {
        "draft": LearningItemFactory(
            publication=report, key="draft", text="A draft about neglect.", status=Status.DRAFT, themes=[neglect]
        ),
        "withdrawn": LearningItemFactory(
            publication=report,
            key="withdrawn",
            text="Withdrawn neglect learning.",
            status=Status.WITHDRAWN,
            themes=[neglect],
        ),
        "in-draft-publication": LearningItemFactory(
            publication=draft_publication, key="hidden", text="Neglect learning not yet out.", themes=[neglect]
        ),
    }
    GlossaryTermFactory(term="SCR", expansion="Serious case review")
    return {
        "items": [first, second],
        "hidden": hidden,
        "review": review,
        "draft_review": draft_review,
        "draft_publication": draft_publication,
        "board": board,
        "report": report,
        "leaflet": leaflet,
    }


@pytest.fixture
def api(client):
    client.defaults["HTTP_ACCEPT"] = "application/json"
    return client
