"""Atom feeds of new learning: all of it, a theme's, an age group's, an agency's and any search
or filter's. Each parses as Atom, holds the published wording with its provenance, links to the
item, has stable ids and dates from when the item was first public here, and never holds a draft,
a withdrawn item or an item of a draft publication."""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from core import versioning
from core.models import Status
from learning.feeds import FEED_ENTRIES
from learning.models import LearningItem
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
START = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))


def dated(item, days):
    """Say `item` was first public `days` days after START (the order feeds list them in)."""
    LearningItem.objects.filter(pk=item.pk).update(published_at=START + datetime.timedelta(days=days))
    item.refresh_from_db()
    return item


@pytest.fixture
def corpus(db):
    """Public items on two themes over four days, and the hidden kinds beside them."""
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    bruising = ThemeFactory(slug="bruising", name="Physical abuse and bruising")
    babies = AgeGroupFactory(slug="babies", name="Babies and pre-school")
    police = AudienceFactory(slug="police", name="Police")
    everyone = AudienceFactory(slug="all-practitioners", name="All practitioners")
    board = BoardFactory(slug="derby-scb", name="Derby Safeguarding Children Board", short_name="Derby SCB")
    report = PublicationFactory(
        board=board, slug="derby-report", title="Derby review", published_on=datetime.date(2015, 3, 3)
    )
    items = {
        "oldest": dated(
            LearningItemFactory(
                publication=report,
                key="a",
                text="Neglect of a baby's health needs was not recognised.",
                themes=[neglect],
                age_groups=[babies],
            ),
            0,
        ),
        "bruise": dated(
            LearningItemFactory(
                publication=report,
                key="b",
                title="Bruising in non-mobile babies",
                text="Any bruise on a baby who is not yet crawling must be taken seriously.",
                themes=[bruising],
                age_groups=[babies],
                audiences=[police],
            ),
            1,
        ),
        "shared": dated(
            LearningItemFactory(
                publication=report,
                key="c",
                text="Everyone should escalate concerns about neglect when nothing changes.",
                themes=[neglect],
                audiences=[everyone],
            ),
            2,
        ),
        "newest": dated(
            LearningItemFactory(
                publication=report,
                key="d",
                text="Neglect of school-age children is easily missed.",
                themes=[neglect, bruising],
            ),
            3,
        ),
    }
    hidden = {
        "draft": LearningItemFactory(
            publication=report, key="draft", text="Draft zebrasecret neglect.", themes=[neglect], status=Status.DRAFT
        ),
        "withdrawn": LearningItemFactory(
            publication=report, key="withdrawn", text="Withdrawn zebrasecret neglect.", themes=[neglect]
        ),
        "in-draft-publication": LearningItemFactory(
            publication=PublicationFactory(board=board, slug="draft-publication", status=Status.DRAFT),
            key="hidden",
            text="Published zebrasecret neglect in a draft publication.",
            themes=[neglect],
        ),
    }
    dated(hidden["withdrawn"], 4)  # first public, then withdrawn: stamped, and still never shown
    LearningItem.objects.filter(pk=hidden["withdrawn"].pk).update(status=Status.WITHDRAWN)
    versioning.bump()
    return items


def get_feed(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    return parse(response.content)


def parse(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own response, made in this test


def entries(feed):
    return feed.findall(f"{ATOM}entry")


def alternate(entry):
    return next(link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate")


def item_links(feed):
    return [alternate(entry).removeprefix("http://testserver") for entry in entries(feed)]


def urls(*items):
    return [item.get_absolute_url() for item in items]


def as_text(html):
    """The text a reader sees: blocks apart, inline markup gone."""
    spaced = re.sub(r"</?(p|ul|li)\b[^>]*>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", spaced))).strip()


def test_the_new_learning_feed_is_atom_newest_first(client, corpus):
    feed = get_feed(client, reverse("learning:feed_new"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title").startswith("New learning")
    assert feed.findtext(f"{ATOM}id") == "http://testserver/feeds/new/"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": "http://testserver/new/", "self": "http://testserver/feeds/new/"}
    assert feed.findtext(f"{ATOM}updated") == corpus["newest"].published_at.isoformat()
    assert item_links(feed) == urls(corpus["newest"], corpus["shared"], corpus["bruise"], corpus["oldest"])


def test_an_entry_holds_the_wording_exactly_its_provenance_link_id_and_dates(client, corpus):
    item = corpus["bruise"]
    entry = next(e for e in entries(get_feed(client, "/feeds/new/")) if alternate(e).endswith(item.get_absolute_url()))
    assert entry.findtext(f"{ATOM}title") == "Key learning point: Bruising in non-mobile babies"
    assert alternate(entry) == f"http://testserver{item.get_absolute_url()}"
    assert entry.findtext(f"{ATOM}id") == "tag:testserver,2026-11-03:/learning/derby-report/b/"
    assert entry.findtext(f"{ATOM}published") == item.published_at.isoformat()
    assert entry.findtext(f"{ATOM}updated") == item.published_at.isoformat()
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Derby Safeguarding Children Board"
    categories = [(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")]
    assert categories == [("bruising", "Physical abuse and bruising")]
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    text = as_text(content.text)
    assert item.text in text
    assert f"From {item.citation}" in text
    assert "Derby review, Derby Safeguarding Children Board, 3 March 2015" in text
    assert 'href="http://testserver/publications/derby-report/"' in content.text


def test_an_item_with_a_short_wording_gives_both_wordings(client, corpus):
    item = corpus["oldest"]
    LearningItem.objects.filter(pk=item.pk).update(
        short_text="Babies' health needs can be neglected.", short_publication=item.publication
    )
    versioning.bump()
    entry = entries(get_feed(client, "/feeds/new/"))[-1]
    text = as_text(entry.findtext(f"{ATOM}content"))
    assert text.startswith("In short Babies' health needs can be neglected. In full Neglect of a baby's health")


def test_stored_markup_in_the_wording_is_escaped_in_the_entry(client, corpus):
    LearningItem.objects.filter(pk=corpus["newest"].pk).update(text='Neglect <script>alert("x")</script> **noticed**.')
    versioning.bump()
    content = entries(get_feed(client, "/feeds/new/"))[0].findtext(f"{ATOM}content")
    assert "<script>" not in content
    assert "&lt;script&gt;" in content
    assert "<strong>noticed</strong>" in content


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/new/",
        "/feeds/themes/neglect/",
        "/feeds/agencies/police/",
        "/feeds/age-groups/babies/",
        "/feeds/learning/?q=zebrasecret",
        "/feeds/learning/?q=neglect",
        "/feeds/learning/?publication=draft-publication",
    ],
)
def test_no_feed_holds_a_draft_a_withdrawn_item_or_an_item_of_a_draft_publication(client, corpus, url):
    feed = get_feed(client, url)
    for entry in entries(feed):  # the feed's title and links may echo what was asked for, never more
        written = ET.tostring(entry, encoding="unicode")
        assert "zebrasecret" not in written
        assert "draft-publication" not in written
    public = set(urls(*LearningItem.objects.published()))
    assert set(item_links(feed)) <= public


def test_a_theme_feed_holds_that_theme_only(client, corpus):
    feed = get_feed(client, reverse("learning:feed_theme", args=["bruising"]))
    assert feed.findtext(f"{ATOM}title").startswith("New learning on Physical abuse and bruising")
    assert item_links(feed) == urls(corpus["newest"], corpus["bruise"])
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/themes/bruising/"


def test_an_age_group_feed_and_an_agency_feed(client, corpus):
    babies = get_feed(client, reverse("learning:feed_age_group", args=["babies"]))
    assert item_links(babies) == urls(corpus["bruise"], corpus["oldest"])
    # As the results page does, learning addressed to all practitioners is for every agency.
    police = get_feed(client, reverse("learning:feed_audience", args=["police"]))
    assert police.findtext(f"{ATOM}title").startswith("New learning for Police")
    assert item_links(police) == urls(corpus["shared"], corpus["bruise"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "neglect"},
        {"theme": "neglect", "age_group": "babies"},
        {"q": "babies", "audience": "police"},
        {"theme": ["neglect", "bruising"], "kind": "key_learning"},
        {"board": "derby-scb", "year": "2015"},
    ],
)
def test_a_search_feed_holds_the_results_pages_items_newest_first(client, corpus, params):
    page = client.get(reverse("learning:item_list"), params)
    listed = [item.pk for item in page.context["items"]]
    feed = get_feed(client, reverse("learning:feed_search"), params)
    in_feed = [
        LearningItem.objects.get(publication__slug="derby-report", key=link.split("/")[-2]) for link in item_links(feed)
    ]
    assert sorted(item.pk for item in in_feed) == sorted(listed)
    assert [item.published_at for item in in_feed] == sorted((item.published_at for item in in_feed), reverse=True)


def test_a_search_feed_is_titled_by_what_was_chosen(client, corpus):
    feed = get_feed(client, "/feeds/learning/?q=neglect&theme=neglect&age_group=babies&page=3&sort=source")
    assert feed.findtext(f"{ATOM}title").startswith("New learning: “neglect”, Neglect, Babies and pre-school")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/learning/?q=neglect&theme=neglect&age_group=babies"


def test_entries_are_limited(client, corpus):
    report = corpus["oldest"].publication
    LearningItem.objects.bulk_create(
        LearningItem(publication=report, key=f"bulk-{n}", position=100 + n, text=f"Bulk {n}.", status=Status.PUBLISHED)
        for n in range(FEED_ENTRIES + 5)
    )
    LearningItem.objects.stamp_first_public(START + datetime.timedelta(days=10))
    versioning.bump()
    feed = get_feed(client, "/feeds/new/")
    assert len(entries(feed)) == FEED_ENTRIES
    assert item_links(feed)[:2] == ["/learning/derby-report/bulk-0/", "/learning/derby-report/bulk-1/"]


# Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/feeds/themes/no-such-theme/", "/feeds/age-groups/no-such-age/", "/feeds/agencies/no-such-agency/"],
)
def test_an_unknown_theme_age_group_or_agency_is_not_found(client, corpus, url):
    assert client.get(url).status_code == 404


def test_a_vocabulary_with_nothing_public_yet_has_an_empty_feed(client, corpus):
    ThemeFactory(slug="young-carers", name="Young carers")
    feed = get_feed(client, "/feeds/themes/young-carers/")
    assert entries(feed) == []


@pytest.mark.parametrize(
    "query",
    [
        "theme=no-such-theme",
        "year=99999999999999999999",
        "year=abc&kind=nonsense&board=%00",
        "page=99999999999999999999",
        "page=-1&sort=nonsense",
        "q=" + "neglect%20" * 400,
        "q=%00%01",
        "q=%22unclosed",
        "audience=police&audience=no-such&audience=",
    ],
)
def test_bad_values_in_a_search_feed_are_ignored_never_a_server_error(client, corpus, query):
    feed = get_feed(client, f"/feeds/learning/?{query}")
    assert feed.tag == f"{ATOM}feed"


def test_an_unknown_filter_value_is_dropped_as_the_results_page_drops_it(client, corpus):
    assert item_links(get_feed(client, "/feeds/learning/?theme=no-such-theme&theme=bruising")) == urls(
        corpus["newest"], corpus["bruise"]
    )


# Speed -----------------------------------------------------------------------------------

# The content version, then (rendering) the items with their source, and their themes.
FEED_QUERIES = 3
CACHED_FEED_QUERIES = 1  # the content version: the feed as rendered for it is cached


@pytest.mark.parametrize(
    "url", ["/feeds/new/", "/feeds/themes/neglect/", "/feeds/agencies/police/", "/feeds/learning/?theme=neglect"]
)
@pytest.mark.parametrize("size", [2, 20])
def test_a_feed_makes_the_same_queries_for_any_corpus(client, corpus, url, size, django_assert_num_queries):
    report = corpus["oldest"].publication
    neglect, police = corpus["oldest"].themes.get(), corpus["bruise"].audiences.get()
    for _ in range(size):
        LearningItemFactory(publication=report, themes=[neglect], audiences=[police])
    client.get("/feeds/themes/bruising/")  # the filter options and vocabulary, as a running site has them
    with django_assert_num_queries(FEED_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(CACHED_FEED_QUERIES):
        assert client.get(url).status_code == 200


def test_a_search_feed_makes_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    client.get("/feeds/learning/?q=neglect")  # the search vocabulary and filter options, as a running site has them
    with django_assert_num_queries(FEED_QUERIES):
        assert client.get("/feeds/learning/?q=bruise").status_code == 200


def test_a_changed_item_is_in_the_feed_at_once(client, corpus):
    client.get("/feeds/new/")
    item = corpus["oldest"]
    item.text = "Neglect of a baby's health needs was not recognised by anyone."
    item.save()
    assert b"by anyone" in client.get("/feeds/new/").content


def test_an_unchanged_feed_is_answered_not_modified(client, corpus, django_assert_num_queries):
    response = client.get("/feeds/new/")
    assert "public" in response["Cache-Control"]
    with django_assert_num_queries(1):
        again = client.get("/feeds/new/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
