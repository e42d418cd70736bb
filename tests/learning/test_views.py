"""The practitioner site through the test client: pages, filters, facets, bad input."""

import re

import pytest
from django.urls import reverse

from core.models import Status
from learning.models import Kind
from learning.search_index import rebuild
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    GlossaryTermFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    SectionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("learning:item_list")


@pytest.fixture
def site(db):
    neglect = ThemeFactory(slug="neglect", name="Neglect", description="Persistent failure to meet needs.")
    bruising = ThemeFactory(slug="bruising", name="Physical abuse and bruising")
    babies = AgeGroupFactory(slug="babies-and-pre-school", name="Babies and pre-school children")
    school = AgeGroupFactory(slug="school-age", name="School age children and young people")
    police = AudienceFactory(slug="police", name="Police")
    health = AudienceFactory(slug="health", name="Health")
    report = PublicationFactory(
        slug="derby-report", title="Review of SCRs", board__slug="derby", board__short_name="Derby SCB", year=2015
    )
    newsletter = PublicationFactory(slug="lr-newsletter", title="Learning Review 2", board__slug="lr", year=2011)
    section = SectionFactory(publication=report, number="5", title="Working with babies", key="section-5")
    point = LearningItemFactory(
        publication=report,
        section=section,
        key="5-b",
        locator="b",
        text="Non mobile babies cannot inflict bruising on themselves.",
        themes=[bruising],
        age_groups=[babies],
        audiences=[health],
    )
    LearningItemFactory(
        publication=report,
        section=section,
        key="5-1",
        locator="5.1",
        kind=Kind.GOOD_PRACTICE,
        text="A practitioner who recognised neglect and escalated.",
        themes=[neglect],
        age_groups=[babies],
    )
    LearningItemFactory(
        publication=newsletter,
        key="case-1-rec-1",
        kind=Kind.RECOMMENDATION,
        text="Share information about neglect with the police.",
        themes=[neglect],
        age_groups=[school],
        audiences=[police],
    )
    LearningItemFactory(
        publication=report,
        key="draft",
        text="Secret draft about neglect and bruising.",
        themes=[neglect, bruising],
        status=Status.DRAFT,
        age_groups=[school],
        audiences=[police],
    )
    rebuild()
    return {"point": point, "report": report}


def results(response):
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-2"><a class="govuk-link" href="([^"]+)"',
        response.content.decode(),
    )


def test_home_page_has_search_themes_ages_agencies_and_latest(client, site):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in content
    assert 'Neglect</a> <span class="app-count">(2 items)' in content
    assert "Babies and pre-school children" in content and "Police" in content
    assert "Review of SCRs" in content
    assert "holds 3 published learning items" in content


def test_theme_page_groups_items_by_kind_and_filters(client, site):
    response = client.get(reverse("learning:theme", args=["neglect"]))
    content = response.content.decode()
    assert "Persistent failure to meet needs." in content
    assert 'id="good_practice"' in content and 'id="recommendation"' in content
    assert "Secret draft" not in content
    response = client.get(reverse("learning:theme", args=["neglect"]), {"audience": "police"})
    assert "Share information about neglect" in response.content.decode()
    assert "recognised neglect" not in response.content.decode()


def test_unknown_theme_is_404(client, site):
    assert client.get(reverse("learning:theme", args=["no-such-theme"])).status_code == 404


def test_theme_page_ignores_unknown_filter_values_with_a_message(client, site):
    response = client.get(reverse("learning:theme", args=["neglect"]), {"age_group": "<b>x</b>"})
    assert response.status_code == 200
    assert "did not recognise that age group" in response.content.decode()
    assert "<b>x</b>" not in response.content.decode()


def test_item_page_shows_citation_and_tags(client, site):
    response = client.get(site["point"].get_absolute_url())
    content = response.content.decode()
    assert "Derby SCB, Review of SCRs, section 5, point b" in content
    assert "Physical abuse and bruising" in content and "Babies and pre-school children" in content
    assert site["report"].get_absolute_url() in content


def test_draft_item_page_is_404_for_the_public(client, site):
    assert client.get(reverse("learning:item", args=["derby-report", "draft"])).status_code == 404


def test_publication_page_reads_in_source_order(client, site):
    content = client.get(site["report"].get_absolute_url()).content.decode()
    assert content.index("Non mobile babies") < content.index("A practitioner who recognised")
    assert "Secret draft" not in content


def test_list_filters_by_theme_age_kind_audience_board_publication_and_year(client, site):
    assert len(results(client.get(LIST))) == 3
    assert len(results(client.get(LIST, {"theme": "neglect"}))) == 2
    assert len(results(client.get(LIST, {"theme": ["neglect", "bruising"]}))) == 3
    assert len(results(client.get(LIST, {"age_group": "babies-and-pre-school"}))) == 2
    assert len(results(client.get(LIST, {"kind": "good_practice"}))) == 1
    assert len(results(client.get(LIST, {"audience": "police"}))) == 1
    assert len(results(client.get(LIST, {"board": "lr"}))) == 1
    assert len(results(client.get(LIST, {"publication": "derby-report"}))) == 2
    assert len(results(client.get(LIST, {"year": "2011"}))) == 1
    assert len(results(client.get(LIST, {"theme": "neglect", "q": "police"}))) == 1


def test_facet_counts_show_what_each_option_would_give(client, site):
    content = client.get(LIST, {"theme": "neglect"}).content.decode()
    assert "Neglect (2)" in content
    assert "Physical abuse and bruising (1)" in content  # choosing it too would add 1 (OR within a facet)
    assert "Police (1)" in content
    assert "Good practice (1)" in content
    assert "Secret draft" not in content


def test_remove_filter_links(client, site):
    response = client.get(LIST, {"theme": "neglect", "kind": "good_practice"})
    content = response.content.decode()
    assert "Remove filter </span>Theme: Neglect" in content
    assert "?kind=good_practice" in content  # the link that drops just the theme


def test_search_highlights_matches(client, site):
    content = client.get(LIST, {"q": "bruising"}).content.decode()
    assert '<mark class="app-highlight">bruising</mark>' in content


def test_sorting(client, site):
    newest = results(client.get(LIST, {"sort": "newest"}))
    assert newest[0].startswith("/learning/derby-report/")
    assert results(client.get(LIST, {"sort": "source"}))[0] == "/learning/derby-report/5-b/"


def test_empty_state_is_helpful(client, site):
    content = client.get(LIST, {"q": "zzzxxyy"}).content.decode()
    assert "No learning matches" in content
    assert "browse by theme" in content


def test_pagination(client, site, settings):
    settings.PAGE_SIZE = 2
    first = client.get(LIST)
    assert len(results(first)) == 2
    assert 'rel="next"' in first.content.decode()
    assert len(results(client.get(LIST, {"page": "2"}))) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999999"},
        {"page": "2.5"},
        {"theme": "not-a-theme"},
        {"kind": "<script>"},
        {"year": "1800"},
        {"sort": "DROP TABLE"},
        {"q": "\x00"},
        {"q": "neglect\x00"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE learning_learningitem; --"},
        {"q": '"""'},
        {"q": "OR OR -"},
        {"q": "NOT AND NEAR(a b)"},
        {"q": "*"},
        {"theme": "\x00"},
    ],
)
def test_bad_input_never_500(client, site, params):
    response = client.get(LIST, params)
    assert response.status_code == 200


def test_unknown_filter_values_are_ignored_with_a_message(client, site):
    content = client.get(LIST, {"theme": ["neglect", "made-up"]}).content.decode()
    assert "did not recognise the theme" in content
    assert len(results(client.get(LIST, {"theme": ["neglect", "made-up"]}))) == 2


def test_injected_markup_is_escaped(client, site):
    LearningItemFactory(publication=site["report"], key="x", text="<script>alert('x')</script> neglect")
    content = client.get(LIST, {"q": "<script>alert('x')</script>"}).content.decode()
    assert "<script>alert(" not in content
    content = client.get(reverse("learning:item", args=["derby-report", "x"])).content.decode()
    assert "<script>alert(" not in content and "&lt;script&gt;" in content


def test_glossary_terms_are_marked_up_in_text(client, site):
    GlossaryTermFactory(term="CSE", expansion="Child sexual exploitation")
    item = LearningItemFactory(publication=site["report"], key="cse", text="Young people at risk of CSE.")
    content = client.get(item.get_absolute_url()).content.decode()
    assert '<abbr title="Child sexual exploitation">CSE</abbr>' in content
    assert "Child sexual exploitation" in client.get(reverse("learning:glossary")).content.decode()


@pytest.mark.parametrize("url", ["/", "/themes/", "/themes/neglect/", LIST, "/publications/"])
def test_pages_stay_within_ten_queries(client, site, url, django_assert_max_num_queries):
    client.get(url)  # warm the caches of vocabularies
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_search_and_filtered_list_stay_within_eleven_queries(client, site, django_assert_max_num_queries):
    """Ten, and one read of the content version that every cached value is keyed on."""
    for _ in range(20):
        LearningItemFactory(publication=site["report"], text="More about neglect.", themes=[ThemeFactory()])
    client.get(LIST)  # warm the cache of filter options (cleared when themes change)
    with django_assert_max_num_queries(11):
        client.get(LIST, {"q": "neglect", "theme": "neglect", "kind": "good_practice", "year": "2015"})
    with django_assert_max_num_queries(11):
        client.get(LIST, {"q": "brusing"})


def test_board_review_and_static_pages(client, site):
    review = ReviewFactory(board=site["report"].board, title="Six serious case reviews")
    review.publications.add(site["report"])
    assert "Six serious case reviews" in client.get(site["report"].board.get_absolute_url()).content.decode()
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(reverse("about")).status_code == 200
    assert "Accessibility statement" in client.get(reverse("accessibility")).content.decode()
    draft = ReviewFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_pages_get_the_friendly_404(client, site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_long_theme_pages_show_ten_of_each_kind_and_link_to_the_rest(client, site):
    theme = ThemeFactory(slug="busy", name="Busy theme")
    for number in range(13):
        LearningItemFactory(publication=site["report"], text=f"Busy point number {number}.", themes=[theme])
    content = client.get(reverse("learning:theme", args=["busy"])).content.decode()
    assert content.count('<li class="app-item">') == 10
    assert "Busy point number 0." in content and "Busy point number 10." not in content
    assert "See all 13 key learning points on busy theme" in content
    assert "13 items" in content
