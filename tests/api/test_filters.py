"""The item list is the results page as JSON: the same query string lists the same items in
the same order, page for page; bad values get a JSON 400 or 404, never a 500."""

import re

import pytest
from django.test import override_settings

from conftest import remove_content
from core.models import Status
from learning.models import Kind
from tests.factories import AgeGroupFactory, AudienceFactory, LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

KINDS = list(Kind)


@pytest.fixture(scope="module")
def corpus_module(django_db_setup, django_db_blocker):
    """Built once for the module's read-only tests, removed afterwards."""
    with django_db_blocker.unblock():
        build_corpus()
    yield
    with django_db_blocker.unblock():
        remove_content()


@pytest.fixture
def corpus(corpus_module, db):
    """Per-test access to the module's corpus."""


def build_corpus():
    themes = [ThemeFactory(slug=slug) for slug in ("neglect", "cse", "domestic-abuse")]
    ages = [AgeGroupFactory(slug=slug) for slug in ("babies", "school-age")]
    agencies = [AudienceFactory(slug=slug) for slug in ("police", "health", "all-practitioners")]
    publications = [PublicationFactory(slug=f"pub-{n}", year=2010 + n) for n in range(3)]
    words = ["neglect of a baby", "bruising in infants", "information sharing", "missing from school", "neglect"]
    for n in range(45):
        LearningItemFactory(
            publication=publications[n % 3],
            kind=KINDS[n % 4],
            position=n,
            text=f"Practitioners noticed {words[n % 5]} in case {n}.",
            themes=[themes[n % 3]],
            age_groups=[ages[n % 2]],
            audiences=[agencies[(n + n // 3) % 3]],
            status=Status.PUBLISHED if n % 9 else Status.DRAFT,
        )


def page_keys(client, query):
    """The item keys the results page lists for `query`, in order."""
    html = client.get("/learning/?" + query).content.decode()
    return re.findall(r'href="/learning/pub-\d/(item-\d+)/"', html)


def api_keys(client, query):
    response = client.get("/api/v1/items/?" + query)
    assert response.status_code == 200, response.content
    return [item["key"] for item in response.json()["results"]], response.json()


QUERIES = [
    "",
    "theme=neglect",
    "theme=neglect&theme=cse",
    "age_group=babies&kind=key_learning",
    "audience=police",
    "audience=police&theme=cse",
    "publication=pub-1&year=2011",
    "q=neglect",
    "q=neglect&sort=newest",
    "q=neglect&sort=source",
    "q=neglect+baby",
    "q=bruising&theme=cse",
    "sort=newest",
    "page=2",
    "theme=neglect&page=1",
    "q=practitioners&page=2",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_items_in_the_same_order_as_the_results_page(client, corpus, query):
    page = page_keys(client, query)
    keys, _data = api_keys(client, query)
    assert keys == page
    assert keys or "q=bruising" in query


def test_every_page_together_lists_every_result_once(client, corpus):
    keys, data = api_keys(client, "page_size=7")
    seen = list(keys)
    while data["next"]:
        response = client.get(data["next"])
        data = response.json()
        seen += [item["key"] for item in data["results"]]
    assert len(seen) == len(set(seen)) == data["count"] == 40
    assert data["previous"] is not None


def test_next_and_previous_keep_the_query(client, corpus):
    _keys, data = api_keys(client, "theme=neglect&page_size=5")
    assert data["next"] == "http://testserver/api/v1/items/?page=2&page_size=5&theme=neglect"
    second = client.get(data["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/items/?page_size=5&theme=neglect"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("theme=no-such-theme", "theme"),
        ("theme=neglect&theme=nope", "theme"),
        ("age_group=teenagers", "age_group"),
        ("audience=dentists", "audience"),
        ("kind=rumour", "kind"),
        ("board=elsewhere", "board"),
        ("publication=unknown", "publication"),
        ("year=1066", "year"),
        ("year=99999999999999999999", "year"),
        ("sort=random", "sort"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_parameter_and_its_choices(client, corpus, query, parameter):
    response = client.get("/api/v1/items/?" + query)
    assert response.status_code == 400
    data = response.json()
    assert data["status"] == 400
    assert data["parameter"] == parameter
    assert parameter in data["detail"]
    assert data["choices"]
    if parameter == "theme":
        assert set(data["choices"]) == {"neglect", "cse", "domestic-abuse"}
        assert data["invalid"] == [query.rsplit("=", 1)[1]]


BAD_PAGES = ["0", "-1", "abc", "1.5", "", "99999999999999999999", "9223372036854775808", "9" * 5000, "١٢", "4"]


@pytest.mark.parametrize("endpoint", ["items", "themes", "publications", "reviews", "boards", "glossary", "age-groups"])
def test_a_page_that_is_not_there_is_a_json_404(client, corpus, endpoint):
    for page in BAD_PAGES:
        response = client.get(f"/api/v1/{endpoint}/", {"page": page})
        assert response.status_code == 404, (page, response.content[:200])
        assert response.json()["status"] == 404


def test_a_search_page_past_the_end_is_a_404(client, corpus):
    assert client.get("/api/v1/items/?q=neglect&page=999").status_code == 404
    assert client.get("/api/v1/items/?q=zzzqqq").json()["count"] == 0  # page 1 of nothing is an empty page


MALFORMED = [
    "page_size=0",
    "page_size=-5",
    "page_size=abc",
    "page_size=99999999999999999999",
    "page_size=1000",
    "q=" + "neglect+" * 40,
    "q=%00",
    "q=%ZZ",
    "q=%22unclosed",
    "q=-",
    "q=OR",
    "theme",
    "theme=",
    "&&&==&",
    "q=" + "x" * 501,
    "kind=%ff%fe",
    "sort=",
]


def test_malformed_query_strings_never_cause_a_server_error(client, corpus):
    for query in MALFORMED:
        response = client.get("/api/v1/items/?" + query)
        assert response.status_code in (200, 400), (query, response.status_code)
        assert response["Content-Type"].startswith("application/json")


def test_page_size_is_capped_at_100(client, corpus):
    with override_settings(PAGE_SIZE=20):
        assert len(client.get("/api/v1/items/?page_size=1000").json()["results"]) == 40
        assert len(client.get("/api/v1/items/?page_size=abc").json()["results"]) == 20


HUGE_OR_UNKNOWN = [
    "/api/v1/items/99999999999999999999/1/",
    "/api/v1/items/pub-1/99999999999999999999/",
    "/api/v1/themes/99999999999999999999/",
    "/api/v1/publications/-1/",
    "/api/v1/glossary/%00/",
    "/api/v1/glossary/" + "x" * 5000 + "/",
    "/api/v1/reviews/%C3%A9/",
]


def test_unknown_or_huge_ids_are_a_json_404(client, corpus):
    for url in HUGE_OR_UNKNOWN:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404
