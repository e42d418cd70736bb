"""Walk the whole API and the CSV over the seed content plus drafts that carry a secret word:
the word never appears, however the content is asked for."""

import json

import pytest

from core.models import Status
from reviews.models import Publication
from tests.factories import LearningItemFactory, PublicationFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db
SECRET = "zebracrossingsecret"
LISTS = ["items", "themes", "age-groups", "audiences", "publications", "reviews", "boards", "glossary"]


@pytest.fixture
def drafts(seeded_db):
    theme = ThemeFactory(slug="secret-theme", name="Only drafts use this theme")
    publication = Publication.objects.get(slug="derby-review-2008-2014")
    LearningItemFactory(
        publication=publication, key="draft-1", text=f"Draft {SECRET} neglect", status=Status.DRAFT, themes=[theme]
    )
    LearningItemFactory(
        publication=publication,
        key="withdrawn-1",
        text=f"Withdrawn {SECRET} neglect",
        status=Status.WITHDRAWN,
        themes=[theme],
    )
    hidden = PublicationFactory(
        slug="draft-publication", title=f"Publication {SECRET}", status=Status.DRAFT, board=publication.board
    )
    LearningItemFactory(
        publication=hidden, key="in-draft-pub", text=f"Item {SECRET} in a draft publication", themes=[theme]
    )
    review = ReviewFactory(slug="draft-review", title=f"Review {SECRET}", status=Status.DRAFT, board=publication.board)
    LearningItemFactory(
        publication=publication, key="of-draft-review", text="Published, of a draft review.", review=review
    )
    review.publications.add(publication)


def walk(client, url, seen):
    """Every page of a list, and every object each names."""
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, url
        data = json.loads(body)
        seen.append(url)
        for entry in data["results"]:
            detail = client.get(entry["url"])
            assert detail.status_code == 200, entry["url"]
            assert SECRET not in detail.content.decode(), entry["url"]
            seen.append(entry["url"])
        url = data["next"]


def test_no_endpoint_shows_anything_unpublished(client, drafts, settings):
    settings.API_ANON_RATE = None
    seen = []
    for name in LISTS:
        walk(client, f"/api/v1/{name}/?page_size=100", seen)
    for query in ("q=" + SECRET, "q=neglect", "q=zebra+crossing", "theme=secret-theme", "sort=newest&page_size=100"):
        walk(client, "/api/v1/items/?" + query, seen)
    assert len(seen) > 250
    assert client.get("/api/v1/items/derby-review-2008-2014/draft-1/").status_code == 404
    assert client.get("/api/v1/items/draft-publication/in-draft-pub/").status_code == 404
    assert client.get("/api/v1/publications/draft-publication/").status_code == 404
    assert client.get("/api/v1/reviews/draft-review/").status_code == 404
    assert client.get("/api/v1/items/derby-review-2008-2014/of-draft-review/").json()["review"] is None


def test_no_csv_shows_anything_unpublished(client, drafts):
    for query in ("", "q=" + SECRET, "q=neglect", "theme=secret-theme", "publication=draft-publication"):
        response = client.get("/learning/results.csv?" + query)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert SECRET not in body, query
