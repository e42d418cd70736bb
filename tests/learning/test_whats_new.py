"""What's new: learning newest first by the date it was added to this site, shown on every card
and item page beside the source's own date; the home page's latest few; autodiscovery of the
feeds on the pages that have one."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from core import versioning
from core.models import Status
from learning.models import LearningItem
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ThemeFactory,
)
from tests.learning.test_feeds import dated  # noqa: E402 - one way of dating items

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    bruising = ThemeFactory(slug="bruising", name="Bruising")
    babies = AgeGroupFactory(slug="babies", name="Babies")
    police = AudienceFactory(slug="police", name="Police")
    board = BoardFactory(slug="derby-scb", name="Derby Safeguarding Children Board", short_name="Derby SCB")
    report = PublicationFactory(
        board=board, slug="derby-report", title="Derby review", published_on=datetime.date(2015, 3, 3)
    )
    undated = PublicationFactory(board=board, slug="leaflet", title="Leaflet", year=2011)
    items = {
        "oldest": dated(
            LearningItemFactory(publication=report, key="a", text="Oldest neglect point.", themes=[neglect]), 0
        ),
        "middle": dated(
            LearningItemFactory(
                publication=undated,
                key="b",
                text="Middle bruising point.",
                themes=[bruising],
                age_groups=[babies],
                audiences=[police],
            ),
            1,
        ),
        "newest": dated(
            LearningItemFactory(publication=report, key="c", text="Newest neglect point.", themes=[neglect]), 2
        ),
    }
    LearningItemFactory(publication=report, key="draft", text="Draft zebrasecret.", status=Status.DRAFT)
    LearningItemFactory(
        publication=PublicationFactory(board=board, status=Status.DRAFT), key="hidden", text="Hidden zebrasecret."
    )
    versioning.bump()
    return items


def listed(response):
    return [item.pk for item in response.context["items"]]


def test_whats_new_lists_public_learning_newest_first_under_the_day_it_was_added(client, corpus):
    response = client.get(reverse("learning:whats_new"))
    assert response.status_code == 200
    assert listed(response) == [corpus[name].pk for name in ("newest", "middle", "oldest")]
    html = response.content.decode()
    assert "zebrasecret" not in html
    assert html.index("Added 4 November 2026") < html.index("Newest neglect point")
    assert html.index("Newest neglect point") < html.index("Added 3 November 2026") < html.index("Middle bruising")


def test_whats_new_is_in_the_header_navigation(client, corpus):
    html = client.get("/new/").content.decode()
    assert re.search(r'<a class="govuk-header__link" href="/new/" aria-current="page">What’s new</a>', html)
    assert '<a class="govuk-header__link" href="/new/">What’s new</a>' in client.get("/").content.decode()


def test_every_card_and_item_page_says_when_it_was_added_beside_the_sources_date(client, corpus):
    html = client.get("/new/").content.decode()
    assert (
        'Added to this site <time datetime="2026-11-04T09:30:00+00:00">4 November 2026</time>. '
        'Source dated <time datetime="2015-03-03">3 March 2015</time>.' in html
    )
    assert (
        'Added to this site <time datetime="2026-11-03T09:30:00+00:00">3 November 2026</time>. Source from 2011.'
        in html
    )
    results = client.get(reverse("learning:item_list"), {"q": "neglect"}).content.decode()
    assert 'Added to this site <time datetime="2026-11-04T09:30:00+00:00">4 November 2026</time>' in results
    theme = client.get(reverse("learning:theme", args=["neglect"])).content.decode()
    assert 'Added to this site <time datetime="2026-11-02T09:30:00+00:00">2 November 2026</time>' in theme
    page = client.get(corpus["newest"].get_absolute_url()).content.decode()
    assert re.search(
        r"Added to this site</dt><dd[^>]*><time datetime=\"2026-11-04T09:30:00\+00:00\">4 November 2026</time>", page
    )
    assert re.search(r"Source date</dt><dd[^>]*><time datetime=\"2015-03-03\">3 March 2015</time>", page)


def test_whats_new_narrows_by_theme_age_group_and_agency(client, corpus):
    assert listed(client.get("/new/", {"theme": "neglect"})) == [corpus["newest"].pk, corpus["oldest"].pk]
    response = client.get("/new/", {"age_group": "babies", "audience": "police"})
    assert listed(response) == [corpus["middle"].pk]
    html = response.content.decode()
    assert "1 item of learning match your choices" in html
    assert '<option value="babies" selected>Babies</option>' in html
    assert 'href="/feeds/learning/?age_group=babies&amp;audience=police"' in html


def test_an_unknown_choice_is_ignored_and_said_so(client, corpus):
    response = client.get("/new/", {"theme": "no-such-theme", "age_group": "%00"})
    assert response.status_code == 200
    assert len(listed(response)) == 3
    html = response.content.decode()
    assert "We did not recognise the theme you chose, so it was ignored." in html
    assert "We did not recognise the age group you chose, so it was ignored." in html


def test_nothing_new_yet_says_so(client, db):
    response = client.get("/new/")
    assert response.status_code == 200
    assert "No new learning" in response.content.decode()
    assert "Nothing has been added yet." in client.get("/").content.decode()


def test_nothing_new_with_these_choices_offers_the_way_back(client, corpus):
    AudienceFactory(slug="housing", name="Housing")
    html = client.get("/new/", {"audience": "housing"}).content.decode()
    assert "No new learning with these choices" in html
    assert '<a class="govuk-link" href="/new/">all new learning</a>' in html


@override_settings(PAGE_SIZE=2)
@pytest.mark.parametrize(
    ("page", "shown"),
    [("1", 1), ("2", 2), ("3", 2), ("99999999999999999999", 2), ("-1", 2), ("abc", 1), ("", 1), ("0", 2)],
)
def test_pages_past_the_end_or_unreadable_show_the_last_or_first_page(client, corpus, page, shown):
    response = client.get("/new/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


@override_settings(PAGE_SIZE=2)
def test_whats_new_is_paginated_with_the_sites_pagination(client, corpus):
    html = client.get("/new/").content.decode()
    assert 'class="govuk-pagination"' in html
    assert 'href="?page=2" rel="next"' in html


def test_the_home_page_shows_the_latest_few_and_links_to_all(client, corpus):
    html = client.get("/").content.decode()
    section = html[html.index('id="whats-new"') :]
    assert section.index("Newest neglect point") < section.index("Middle bruising") < section.index("Oldest neglect")
    assert 'href="/new/">All new learning, newest first</a>' in section
    assert "zebrasecret" not in html


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/feeds/new/"),
        ("/new/", "/feeds/new/"),
        ("/new/?theme=neglect", "/feeds/learning/?theme=neglect"),
        ("/themes/neglect/", "/feeds/themes/neglect/"),
        ("/learning/", "/feeds/new/"),
        ("/learning/?q=neglect&theme=neglect&page=1&sort=newest", "/feeds/learning/?q=neglect&amp;theme=neglect"),
    ],
)
def test_pages_with_a_feed_say_so_in_their_head_and_offer_to_subscribe(client, corpus, url, feed):
    html = client.get(url).content.decode()
    head = html[: html.index("</head>")]
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{re.escape(feed)}">', head
    )
    body = html[html.index("<body") :]
    assert re.search(
        rf'<a class="govuk-link" href="{re.escape(feed)}" type="application/atom\+xml">Subscribe to this feed', body
    )
    assert client.get(feed.replace("&amp;", "&")).status_code == 200


# Speed -----------------------------------------------------------------------------------

# The content version; the page's items with their source; their themes; the pack's items (none:
# a visitor's empty pack costs no query) is not asked. The count and the choices are cached.
WHATS_NEW_QUERIES = 3


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize("params", [{}, {"theme": "bruising", "audience": "police"}, {"page": "2"}])
def test_whats_new_makes_the_same_queries_for_any_corpus(client, corpus, size, params, django_assert_num_queries):
    report = corpus["oldest"].publication
    for _ in range(size):
        LearningItemFactory(publication=report, themes=corpus["oldest"].themes.all())
    client.get("/new/", params)
    with django_assert_num_queries(WHATS_NEW_QUERIES):
        assert client.get("/new/", params).status_code == 200


def test_the_home_pages_latest_cost_one_query_then_none_while_content_is_unchanged(corpus, django_assert_num_queries):
    from learning.feeds import latest

    leaflet = PublicationFactory(board=corpus["oldest"].publication.board, slug="summary-leaflet")
    LearningItem.objects.filter(pk=corpus["newest"].pk).update(short_text="In short.", short_publication=leaflet)
    versioning.bump()
    with django_assert_num_queries(2):  # the content version; the items with their sources
        first = [(item.pk, item.heading, item.citation) for item in latest()]
    assert first[0] == (corpus["newest"].pk, "In short", corpus["newest"].citation)
    with django_assert_num_queries(1):  # the content version
        assert [item.pk for item in latest()] == [pk for pk, _heading, _citation in first]


@pytest.mark.parametrize("pages", [1, 2, 3, 6, 7, 30])
def test_the_windowed_pagination_draws_what_the_sites_pagination_draws(rf, pages):
    """At 100,000 items the include would loop over 5,000 page numbers; the site's paginator
    hands it only those it shows, and the page drawn is the same."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    from learning.selectors import KnownCountPaginator

    items = list(range(pages * 2))
    for number in range(1, pages + 1):
        request = rf.get("/new/", {"theme": "neglect", "page": number})
        drawn = [  # the same elements; only the blank lines between them differ
            re.sub(
                r">\s+<",
                "><",
                render_to_string(
                    "includes/pagination.html", {"page_obj": paginator.get_page(number), "request": request}
                ),
            )
            for paginator in (Paginator(items, 2), KnownCountPaginator(items, 2))
        ]
        assert drawn[0] == drawn[1]
    assert len(KnownCountPaginator(list(range(100_000)), 20).page(2500).paginator.page_range) == 9
