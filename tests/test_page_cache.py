"""Whole public pages are kept and served again without rendering (reviews_site/page_cache.py),
for visitors without a session, under the content versions: a change is seen at once, a stored
page never hands one visitor's CSRF token to another, and what follows other state is never kept."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.services import withdraw
from learning.models import LearningItem
from tests.factories import LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def item(db):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    return LearningItemFactory(text="Chronic neglect was missed by every agency.", themes=[theme])


def urls(item):
    return [
        reverse("home"),
        reverse("learning:glossary"),
        reverse("learning:theme", args=["neglect"]),
        reverse("learning:item_list") + "?q=neglect",
        item.get_absolute_url(),
        reverse("learning:feed_new"),
        reverse("learning:review_list"),
    ]


def test_a_page_asked_for_again_is_served_without_rendering_and_says_the_same(item):
    for url in urls(item):
        first = Client().get(url)
        with CaptureQueriesContext(connection) as queries:
            again = Client().get(url)
        assert first.status_code == again.status_code == 200, url
        assert "X-Page-Cache" not in first and again["X-Page-Cache"] == "hit", url
        assert len(queries) <= 2, (url, [q["sql"] for q in queries])  # the content versions, no more
        assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", again.content.decode()), url
        assert first["Cache-Control"] == again["Cache-Control"] and first["Content-Type"] == again["Content-Type"]


def test_a_content_change_is_seen_at_once(item):
    url = item.get_absolute_url()
    Client().get(url)
    item.text = "Chronic neglect was missed by every agency, the review found."
    item.save()
    page = Client().get(url)
    assert "X-Page-Cache" not in page and "the review found" in page.content.decode()


def test_a_stored_page_gives_each_visitor_their_own_working_csrf_token(item):
    url = item.get_absolute_url()
    first_visitor, second_visitor = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = first_visitor.get(url).content.decode()
    page = second_visitor.get(url)
    assert page["X-Page-Cache"] == "hit"
    theirs, mine = set(TOKEN.findall(first)), set(TOKEN.findall(page.content.decode()))
    assert mine and not (mine & theirs)
    assert "\x00" not in page.content.decode()
    added = second_visitor.post(
        reverse("printing:pack_add"), {"csrfmiddlewaretoken": mine.pop(), "item": item.pk, "next": url}
    )
    assert added.status_code == 302  # accepted: the token works with the cookie this visitor was given


def test_a_visitor_with_a_session_gets_the_page_rendered(item):
    url = item.get_absolute_url()
    Client().get(url)
    visitor = Client()
    visitor.post(reverse("printing:pack_add"), {"item": item.pk, "next": url})
    page = visitor.get(url)
    assert "X-Page-Cache" not in page and "Remove from pack" in page.content.decode()


def test_what_follows_other_state_is_never_kept(item):
    for url in [reverse("alerts:subscribe"), reverse("alerts:check_email")]:
        Client().get(url)
        assert "X-Page-Cache" not in Client().get(url), url


def test_api_pages_served_again_still_count_against_the_rate_limit(item, settings):
    settings.API_ANON_RATE = "3/minute"
    client = Client()
    answers = [client.get("/api/v1/items/") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert answers[1]["X-Page-Cache"] == "hit" and answers[1]["Content-Type"] == "application/json"
    assert answers[1].json() == answers[0].json()


def test_a_withdrawn_item_is_gone_at_once(item):
    url = item.get_absolute_url()
    assert Client().get(url).status_code == 200
    withdraw(LearningItem.objects.filter(pk=item.pk))
    assert Client().get(url).status_code == 404
