"""Public pages carry ETag (and, when shared, Last-Modified) from the content version and answer
conditional requests with 304 before their view runs; a CDN or reverse proxy may keep them for
PUBLIC_CACHE_SECONDS. Pages holding a visitor's CSRF token are private and only that visitor's
copy is answered 304; signed-in staff, the admin, visitors with a session (a training pack),
non-GET requests and pages showing counts from before the current version get no validators and
no shared caching (reviews_site/middleware.py ConditionalContentMiddleware)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from core import versioning
from core.models import ContentVersion, Status
from reviews_site import middleware
from tests.factories import GlossaryTermFactory, LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Pages that are the same for every visitor without a session, and pages whose forms ("add to
# pack") hold the visitor's CSRF token.
SHARED = ["home", "glossary"]
PER_VISITOR = ["theme", "search", "item"]


@pytest.fixture
def content(db):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    item = LearningItemFactory(text="Chronic neglect was missed by every agency.", themes=[theme])
    GlossaryTermFactory(term="LADO", expansion="Local authority designated officer")
    return item


@pytest.fixture
def urls(content):
    return {
        "home": reverse("home"),
        "glossary": reverse("learning:glossary"),
        "theme": reverse("learning:theme", args=["neglect"]),
        "search": reverse("learning:item_list") + "?q=neglect&kind=key_learning",
        "item": content.get_absolute_url(),
    }


def directives(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def max_age(response):
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age":
            return int(value)
    return None


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_not_stored_by_shared_caches(response):
    assert "public" not in directives(response)
    assert directives(response) & {"private", "no-store", "no-cache"}


def assert_no_validators(response):
    assert "ETag" not in response
    assert "Last-Modified" not in response


def test_shared_pages_send_validators_and_may_be_cached_publicly_for_a_while(client, urls):
    for name in SHARED:
        response = client.get(urls[name])
        assert response.status_code == 200, name
        assert response["ETag"].startswith('W/"'), name
        assert parse_http_date(response["Last-Modified"]) <= timezone.now().timestamp() + 1
        assert directives(response) == {"public", "max-age"}, name
        assert max_age(response) == 60
        assert "Cookie" in response["Vary"]
        assert not response.cookies, name


def test_pages_holding_a_csrf_token_are_private_and_revalidated_every_time(client, urls):
    for name in PER_VISITOR:
        response = Client().get(urls[name])
        assert response.status_code == 200, name
        assert "csrfmiddlewaretoken" in response.content.decode(), name
        assert "csrftoken" in response.cookies, name
        assert response["ETag"].startswith('W/"'), name
        assert "Last-Modified" not in response, name  # a date cannot tell one visitor's copy from another's
        assert directives(response) == {"private", "max-age", "must-revalidate"}, name
        assert max_age(response) == 0
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("name", SHARED + PER_VISITOR)
def test_a_copy_of_the_current_version_is_answered_304_after_only_the_version_read(
    client, urls, name, django_assert_max_num_queries
):
    first = client.get(urls[name])
    with django_assert_max_num_queries(1):  # the content version: nothing of the page is fetched
        again = client.get(urls[name], headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert body(again) == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "Content-Length" not in again  # not the 0 of an empty body: a 304 stands for the page
    assert "Content-Type" not in again
    assert "Content-Security-Policy" in again and "Permissions-Policy" in again
    assert again["X-Frame-Options"] == "DENY"
    if name in SHARED:
        assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("name", SHARED + PER_VISITOR)
def test_after_a_content_change_the_old_etag_gets_the_new_page(client, urls, content, name):
    first = client.get(urls[name])
    content.text = "Chronic neglect was missed by every agency, as the review found."
    content.save()
    after = client.get(urls[name], headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert after.content
    assert client.get(urls[name], headers={"if-none-match": after["ETag"]}).status_code == 304


def test_a_vocabulary_change_moves_the_etag_too(client, urls):
    first = client.get(urls["glossary"])
    GlossaryTermFactory(term="MASH", expansion="Multi-agency safeguarding hub")
    after = client.get(urls["glossary"], headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert "MASH" in after.content.decode()


def test_a_shared_pages_etag_is_good_for_any_visitor_and_for_head(urls):
    etag = Client().get(urls["home"])["ETag"]
    assert Client().get(urls["home"], headers={"if-none-match": etag}).status_code == 304
    assert Client().head(urls["home"], headers={"if-none-match": etag}).status_code == 304
    head = Client().head(urls["home"])
    assert head.status_code == 200 and head["ETag"] == etag and body(head) == b""


def test_a_csrf_pages_etag_is_only_good_for_the_visitor_whose_token_it_holds(urls):
    visitor = Client()
    etag = visitor.get(urls["theme"])["ETag"]
    assert visitor.get(urls["theme"], headers={"if-none-match": etag}).status_code == 304
    assert visitor.head(urls["theme"], headers={"if-none-match": etag}).status_code == 304
    for other in (Client(), Client()):
        other.get(urls["home"])
        assert other.get(urls["theme"], headers={"if-none-match": etag}).status_code == 200
    stranger = Client()
    stranger.get(urls["theme"])  # a token of their own
    assert stranger.get(urls["theme"], headers={"if-none-match": etag}).status_code == 200


def test_each_address_and_query_has_its_own_etag(client, urls):
    tags = {
        client.get(address)["ETag"]
        for address in (urls["search"], urls["search"] + "&page=1", reverse("learning:item_list") + "?q=bruising")
    }
    assert len(tags) == 3
    public = {Client().get(address)["ETag"] for address in (urls["home"], urls["glossary"], reverse("about"))}
    assert len(public) == 3


def test_a_deploy_changes_every_etag(urls, monkeypatch):
    before = {name: Client().get(urls[name])["ETag"] for name in ("home", "glossary")}
    monkeypatch.setattr(middleware, "build_identifier", lambda: "the next release")
    for name, etag in before.items():
        visitor = Client()  # a new handler: the middleware is made again, as in a restarted process
        response = visitor.get(urls[name], headers={"if-none-match": etag})
        assert response.status_code == 200 and response["ETag"] != etag, name


def test_the_build_identifier_covers_the_settings(settings):
    identifier = middleware.build_identifier()
    assert identifier == middleware.build_identifier()
    middleware.build_identifier.cache_clear()
    try:
        settings.SITE_NAME = "Another partnership's learning"
        assert middleware.build_identifier() != identifier
    finally:
        middleware.build_identifier.cache_clear()


def test_if_modified_since_is_answered_for_shared_pages(client, urls):
    first = client.get(urls["home"])
    last_modified = parse_http_date(first["Last-Modified"])
    same = client.get(urls["home"], headers={"if-modified-since": first["Last-Modified"]})
    assert same.status_code == 304 and body(same) == b""
    older = client.get(urls["home"], headers={"if-modified-since": http_date(last_modified - 60)})
    assert older.status_code == 200 and older.content
    # If-None-Match decides when both are sent.
    stale = client.get(urls["home"], headers={"if-none-match": 'W/"old"', "if-modified-since": first["Last-Modified"]})
    assert stale.status_code == 200


def test_last_modified_is_when_the_content_version_last_moved(client, urls):
    later = timezone.now() + timedelta(days=2)
    ContentVersion.objects.filter(pk=versioning.VOCABULARY).update(changed=later)
    response = client.get(urls["home"])
    assert parse_http_date(response["Last-Modified"]) == int(later.timestamp())


def test_the_numbers_and_when_they_moved_are_one_read(content, django_assert_num_queries):
    with versioning.request_scope(), django_assert_num_queries(1):
        versioning.current()
        versioning.current(versioning.VOCABULARY)
        changed = versioning.last_changed()
    assert changed == max(ContentVersion.objects.values_list("changed", flat=True))


def test_public_cache_seconds_sets_the_max_age(client, urls, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    response = client.get(urls["home"])
    assert max_age(response) == 300
    assert client.get(urls["home"], headers={"if-none-match": response["ETag"]})["Cache-Control"] == (
        "public, max-age=300"
    )


@pytest.fixture
def staff(db, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-staff-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    return editor


def test_signed_in_staff_get_no_validators_and_nothing_stored(client, urls, staff):
    etags = {name: Client().get(address)["ETag"] for name, address in urls.items()}
    client.force_login(staff)
    for name, address in urls.items():
        response = client.get(address, headers={"if-none-match": etags[name]})
        assert response.status_code == 200, name
        assert_no_validators(response)
        assert {"private", "no-store"} <= directives(response), name
        assert "public" not in directives(response)


def test_admin_pages_get_no_validators_and_nothing_stored(client, staff):
    for address in (reverse("admin:index"), reverse("admin:learning_learningitem_changelist"), reverse("admin:login")):
        response = Client().get(address)
        assert_no_validators(response)
        assert {"private", "no-store"} <= directives(response), address
    client.force_login(staff)
    for address in (reverse("admin:index"), reverse("admin:learning_learningitem_changelist")):
        response = client.get(address)
        assert response.status_code == 200
        assert_no_validators(response)
        assert {"private", "no-store"} <= directives(response), address


def test_a_staff_preview_of_a_draft_is_never_cached(client, staff):
    draft = LearningItemFactory(status=Status.DRAFT, text="A draft point about neglect.")
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "Staff preview" in response.content.decode()
    assert_no_validators(response)
    assert {"private", "no-store"} <= directives(response)


def test_a_visitor_with_a_training_pack_gets_no_shared_caching(client, urls, content):
    etags = {name: Client().get(address)["ETag"] for name, address in urls.items()}
    added = client.post(reverse("printing:pack_add"), {"item": content.pk, "next": urls["home"]})
    assert added.status_code == 302
    assert_no_validators(added)
    assert_not_stored_by_shared_caches(added)
    assert "sessionid" in client.cookies
    for name, address in urls.items():
        response = client.get(address, headers={"if-none-match": etags[name]})
        assert response.status_code == 200, name
        assert_no_validators(response)
        assert "private" in directives(response), name
        assert "public" not in directives(response), name
    assert "Remove from pack" in client.get(urls["theme"]).content.decode()
    for address in (reverse("printing:pack"), reverse("printing:pack_handout")):
        response = client.get(address)
        assert_no_validators(response)
        assert "private" in directives(response)


def test_the_packs_own_pages_are_private_even_without_a_session(client):
    for address in (reverse("printing:pack"), reverse("printing:pack_handout")):
        response = client.get(address)
        assert response.status_code == 200
        assert_no_validators(response)
        assert "private" in directives(response), address


def test_a_post_gets_no_validators_whatever_it_asks(client, urls, content):
    etag = Client().get(urls["home"])["ETag"]
    response = client.post(urls["home"], headers={"if-none-match": etag})
    assert response.status_code == 405
    assert_no_validators(response)
    response = client.post(reverse("printing:pack_add"), {"item": content.pk}, headers={"if-none-match": "*"})
    assert response.status_code == 302
    assert_no_validators(response)
    assert "private" in directives(response)


def test_a_page_that_showed_counts_from_before_is_not_cached_as_the_current_one(client, urls, monkeypatch):
    monkeypatch.setattr(versioning, "served_earlier_counts", lambda: True)
    for name, address in urls.items():
        response = client.get(address)
        assert response.status_code == 200, name
        assert_no_validators(response)
        assert "no-cache" in directives(response), name
        assert "public" not in directives(response), name


def test_while_counts_are_recounted_pages_get_no_validators_until_the_recount_is_done(
    client, urls, content, settings, monkeypatch
):
    settings.CONTENT_RECOUNT = "background"
    queued = []
    monkeypatch.setattr(versioning, "submit", lambda function, *args: queued.append((function, args)))
    assert "ETag" in client.get(urls["home"])  # counted in the request: nothing from before
    LearningItemFactory(text="Neglect again.", themes=content.themes.all())
    response = client.get(urls["home"])
    assert queued, "the home page's counts are being recounted"
    assert_no_validators(response)
    assert directives(response) == {"no-cache"}
    while queued:
        function, args = queued.pop(0)
        function(*args)
    response = client.get(urls["home"])
    assert "ETag" in response and "public" in directives(response)


def test_a_missing_page_gets_no_validators(client):
    response = client.get("/learning/no-such-publication/no-such-item/")
    assert response.status_code == 404
    assert_no_validators(response)
    assert "public" not in directives(response)


def test_a_star_is_answered_for_a_page_that_exists_but_not_for_one_that_does_not(client, urls):
    assert client.get(urls["home"], headers={"if-none-match": "*"}).status_code == 304
    assert client.get("/learning/nothing/here/", headers={"if-none-match": "*"}).status_code == 404


MALFORMED = [
    "",
    " ",
    "W/",
    '"unterminated',
    'W/"a", garbage, "b',
    "*, *",
    ",,,",
    "\x00\x01",
    "é, ü",
    "x" * 20_000,
    '"' + "a" * 10_000 + '"',
    "Tue, 99 Foo 2020 99:99:99 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT; length=12",
    "-1",
    "99999999999999999999999",
    "Fri, 31 Dec 99999 23:59:59 GMT",
]


@pytest.mark.parametrize("header", ["if-none-match", "if-modified-since", "if-match", "if-unmodified-since"])
@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_conditional_headers_never_cause_an_error(client, urls, header, value):
    for name in ("home", "theme"):
        response = client.get(urls[name], headers={header: value})
        assert response.status_code in (200, 304, 412), (name, header, value)
        if response.status_code == 200:
            assert "ETag" in response


def test_malformed_headers_on_an_admin_page_are_harmless(client):
    response = client.get(reverse("admin:login"), headers={"if-none-match": '"x', "if-modified-since": "never"})
    assert response.status_code == 200
    assert_no_validators(response)
