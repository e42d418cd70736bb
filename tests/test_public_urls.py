"""Drafts and withdrawn content never appear anywhere public: walk every public URL."""

import re

import pytest
from django.urls import reverse

from core.models import Status
from learning.models import LearningItem
from reviews.models import Publication, Review
from tests.factories import GlossaryTermFactory, LearningItemFactory, PublicationFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db
SECRET = "zebracrossingsecret"


@pytest.fixture
def content_with_drafts(seeded_db):
    theme = ThemeFactory(slug="secret-theme", name="Only drafts use this theme")
    publication = Publication.objects.get(slug="derby-review-2008-2014")
    LearningItemFactory(
        publication=publication,
        key="draft-1",
        text=f"Draft {SECRET} neglect bruising",
        themes=[theme],
        status=Status.DRAFT,
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
        publication=hidden, key="in-draft-pub", text=f"Published item {SECRET} in draft publication", themes=[theme]
    )
    ReviewFactory(slug="draft-review", title=f"Review {SECRET}", status=Status.DRAFT, board=publication.board)
    GlossaryTermFactory(term="ZX", expansion="Zebra crossing")


def public_urls():
    urls = ["/", "/about/", "/accessibility/", "/themes/", "/learning/", "/publications/", "/glossary/"]
    urls += [theme.get_absolute_url() for theme in __import__("learning.models").models.Theme.objects.all()]
    urls += [item.get_absolute_url() for item in LearningItem.objects.published()[:400]]
    urls += [p.get_absolute_url() for p in Publication.objects.published()]
    urls += [r.get_absolute_url() for r in Review.objects.published()]
    urls += [p.board.get_absolute_url() for p in Publication.objects.published()]
    for q in ("neglect", "bruising", "draft", "zebra crossing"):
        urls.append(f"/learning/?q={q}")
    urls += ["/learning/?theme=secret-theme", "/learning/?publication=draft-publication", "/learning/?sort=newest"]
    return urls


def test_no_public_page_shows_drafts_withdrawn_or_their_counts(client, content_with_drafts):
    urls = public_urls()
    assert len(urls) > 250
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert SECRET not in content, url
        assert "draft-publication" not in content or "draft-publication" in url, url
        assert "secret-theme" not in content or "secret-theme" in url, url


def test_searching_for_draft_words_finds_nothing(client, content_with_drafts):
    content = client.get("/learning/", {"q": SECRET}).content.decode()
    assert re.search(r">\s*0 results", content)
    assert "Draft " + SECRET not in content


def test_draft_addresses_are_404_for_the_public(client, content_with_drafts):
    for url in (
        reverse("learning:item", args=["derby-review-2008-2014", "draft-1"]),
        reverse("learning:item", args=["derby-review-2008-2014", "withdrawn-1"]),
        reverse("learning:item", args=["draft-publication", "in-draft-pub"]),
        reverse("learning:publication", args=["draft-publication"]),
        reverse("learning:review", args=["draft-review"]),
    ):
        assert client.get(url).status_code == 404, url


def test_counts_and_filter_options_exclude_drafts(client, content_with_drafts):
    home = client.get("/").content.decode()
    published = LearningItem.objects.published().count()
    assert f"holds {published} published" in home
    listing = client.get("/learning/").content.decode()
    assert re.search(rf">\s*{published} results", listing)
    assert "secret-theme" not in listing
