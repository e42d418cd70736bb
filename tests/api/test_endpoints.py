"""Every endpoint lists and retrieves published content, and nothing unpublished, ever."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get_json(api, url, status=200):
    response = api.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_item_list_has_published_items_with_provenance(api, content):
    data = get_json(api, "/api/v1/items/")
    assert data["count"] == 2
    assert data["next"] is None and data["previous"] is None and data["count_capped"] is False
    first = data["results"][0]
    item = content["items"][0]
    assert first["id"] == item.pk
    assert first["key"] == "5-a"
    assert first["text"] == item.text
    assert first["short_text"] == "Listen to the child."
    assert first["short_publication"]["slug"] == "derby-leaflet"
    assert first["publication"]["slug"] == "derby-report"
    assert first["publication"]["site_url"] == "http://testserver/publications/derby-report/"
    assert first["board"]["short_name"] == "Derby SCB"
    assert first["section"] == {"key": "s5", "number": "5", "title": "Learning"}
    assert first["locator"] == "a"
    assert first["citation"] == item.citation
    assert first["review"]["slug"] == "case-a"
    assert first["themes"] == [{"slug": "neglect", "name": "Neglect"}]
    assert first["age_groups"] == [{"slug": "babies", "name": "Babies"}]
    assert first["audiences"] == [{"slug": "police", "name": "Police"}]
    assert first["kind"] == "key_learning" and first["kind_label"] == "Key learning point"
    assert first["source_year"] == 2015
    assert first["published_at"] is not None
    assert first["site_url"] == "http://testserver/learning/derby-report/5-a/"
    assert first["url"] == "http://testserver/api/v1/items/derby-report/5-a/"
    assert get_json(api, first["url"])["text"] == item.text


def test_item_detail_gives_the_text_exactly_as_stored(api, content):
    item = content["items"][0]
    item.text = 'Before <script>alert("x")</script> & after\n\nSecond paragraph.'
    item.save()
    data = get_json(api, "/api/v1/items/derby-report/5-a/")
    assert data["text"] == item.text  # data, not HTML: JSON carries it as it is


def test_a_draft_review_is_not_named_on_an_item(api, content):
    data = get_json(api, "/api/v1/items/derby-report/5-b/")
    assert data["review"] is None
    assert data["short_text"] is None  # it has none


def test_short_wording_of_an_unpublished_leaflet_is_not_given(api, content):
    leaflet = content["leaflet"]
    leaflet.status = "draft"
    leaflet.save()
    data = get_json(api, "/api/v1/items/derby-report/5-a/")
    assert data["short_text"] is None and data["short_publication"] is None and data["short_locator"] is None


@pytest.mark.parametrize("which", ["draft", "withdrawn", "in-draft-publication"])
def test_unpublished_items_are_never_listed_or_retrievable(api, content, which):
    hidden = content["hidden"][which]
    for url in (
        "/api/v1/items/",
        "/api/v1/items/?theme=neglect",
        "/api/v1/items/?q=neglect",
        "/api/v1/items/?page_size=100",
    ):
        keys = [item["key"] for item in get_json(api, url)["results"]]
        assert hidden.key not in keys
    detail = get_json(api, f"/api/v1/items/{hidden.publication.slug}/{hidden.key}/", status=404)
    assert detail["status"] == 404 and detail["detail"]


def test_publications_list_only_published_ones_with_counts(api, content):
    data = get_json(api, "/api/v1/publications/")
    slugs = [publication["slug"] for publication in data["results"]]
    assert sorted(slugs) == ["derby-leaflet", "derby-report"]
    report = next(publication for publication in data["results"] if publication["slug"] == "derby-report")
    assert report["item_count"] == 2
    assert report["board"]["slug"] == "derby-scb"
    assert report["items_url"] == "http://testserver/api/v1/items/?publication=derby-report"
    detail = get_json(api, "/api/v1/publications/derby-report/")
    assert [review["slug"] for review in detail["reviews"]] == ["case-a"]
    get_json(api, "/api/v1/publications/draft-report/", status=404)


def test_reviews_list_only_published_ones(api, content):
    data = get_json(api, "/api/v1/reviews/")
    assert [review["slug"] for review in data["results"]] == ["case-a"]
    detail = get_json(api, "/api/v1/reviews/case-a/")
    assert detail["title"] == "Case A"
    assert [publication["slug"] for publication in detail["publications"]] == ["derby-report"]
    get_json(api, "/api/v1/reviews/case-b/", status=404)


def test_a_review_lists_only_its_published_publications(api, content):
    review = content["review"]
    review.publications.add(content["draft_publication"])
    detail = get_json(api, "/api/v1/reviews/case-a/")
    assert [publication["slug"] for publication in detail["publications"]] == ["derby-report"]


def test_boards(api, content):
    data = get_json(api, "/api/v1/boards/")
    assert [board["slug"] for board in data["results"]] == ["derby-scb"]
    detail = get_json(api, "/api/v1/boards/derby-scb/")
    assert "draft-report" not in [publication["slug"] for publication in detail["publications"]]
    assert detail["site_url"] == "http://testserver/boards/derby-scb/"
    get_json(api, "/api/v1/boards/no-such-board/", status=404)


def test_a_board_with_nothing_published_is_not_listed(api, content):
    from tests.factories import BoardFactory, PublicationFactory

    PublicationFactory(board=BoardFactory(slug="quiet-board"), status="draft")
    assert "quiet-board" not in [board["slug"] for board in get_json(api, "/api/v1/boards/")["results"]]
    get_json(api, "/api/v1/boards/quiet-board/", status=404)


@pytest.mark.parametrize(
    ("endpoint", "slug", "parameter", "count"),
    [
        ("themes", "neglect", "theme", 1),
        ("age-groups", "babies", "age_group", 1),
        ("audiences", "police", "audience", 1),
    ],
)
def test_vocabularies_count_published_items_only(api, content, endpoint, slug, parameter, count):
    data = get_json(api, f"/api/v1/{endpoint}/")
    entry = next(entry for entry in data["results"] if entry["slug"] == slug)
    assert entry["item_count"] == count  # the three unpublished neglect items are not counted
    assert entry["items_url"] == f"http://testserver/api/v1/items/?{parameter}={slug}"
    assert get_json(api, entry["url"]) == entry
    assert get_json(api, entry["items_url"])["count"] == count
    get_json(api, f"/api/v1/{endpoint}/no-such-{endpoint}/", status=404)


def test_theme_links_to_its_page(api, content):
    assert get_json(api, "/api/v1/themes/neglect/")["site_url"] == "http://testserver/themes/neglect/"


def test_glossary(api, content):
    data = get_json(api, "/api/v1/glossary/")
    assert [term["term"] for term in data["results"]] == ["SCR"]
    assert get_json(api, "/api/v1/glossary/SCR/")["expansion"] == "Serious case review"
    get_json(api, "/api/v1/glossary/NOPE/", status=404)


def test_an_unknown_address_under_the_api_is_a_json_404(api, content):
    data = get_json(api, "/api/v1/nothing-here/", status=404)
    assert data == {"detail": "Not found.", "status": 404}


def test_the_api_only_reads(api, content):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api, method)("/api/v1/items/derby-report/5-a/", {}, content_type="application/json")
        assert response.status_code == 405, method
        assert response.json()["status"] == 405
    response = api.post("/api/v1/items/", {}, content_type="application/json")
    assert response.status_code == 405


def test_urls_are_reversible_by_name(content):
    assert reverse("api:item-detail", args=["derby-report", "5-a"]) == "/api/v1/items/derby-report/5-a/"
    assert reverse("api:results_csv") == "/learning/results.csv"
