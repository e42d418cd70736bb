"""Counts on the home, theme index and theme pages are cached, and any content change
(an item, its tags, its publication's status) is seen on the next request."""

import pytest

from core import versioning
from core.models import Status
from reviews.models import Publication
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(db):
    theme = ThemeFactory(name="Neglect", slug="neglect")
    LearningItemFactory(text="Chronic neglect was missed.", themes=[theme])
    return theme


def home_theme_count(client):
    themes = {theme.slug: theme.item_count for theme in client.get("/").context["themes"]}
    return themes.get("neglect", 0)


def test_home_counts_come_from_the_cache_until_content_changes(client, theme, django_assert_max_num_queries):
    assert home_theme_count(client) == 1
    with django_assert_max_num_queries(1):  # only the content version
        assert home_theme_count(client) == 1
    LearningItemFactory(text="Neglect again.", themes=[theme])
    assert home_theme_count(client) == 2


def test_tagging_and_untagging_is_seen_at_once(client, theme):
    item = LearningItemFactory(text="Not yet tagged.")
    assert home_theme_count(client) == 1
    item.themes.add(theme)
    assert home_theme_count(client) == 2
    theme.items.remove(item)
    assert home_theme_count(client) == 1


def test_unpublishing_a_publication_drops_its_items_from_the_counts(client, theme):
    publication = PublicationFactory()
    LearningItemFactory(text="In a leaflet.", publication=publication, themes=[theme])
    assert home_theme_count(client) == 2
    publication.status = Status.DRAFT
    publication.save()
    assert home_theme_count(client) == 1
    assert client.get("/themes/neglect/").context["item_count"] == 1


def test_theme_page_counts_follow_deletes(client, theme):
    extra = LearningItemFactory(text="To be deleted.", themes=[theme])
    assert client.get("/themes/neglect/").context["item_count"] == 2
    extra.delete()
    assert client.get("/themes/neglect/").context["item_count"] == 1
    assert home_theme_count(client) == 1


def test_search_facet_counts_follow_changes(client, theme):
    assert client.get("/learning/?q=neglect").context["result"].facets["theme"]["neglect"] == 1
    LearningItemFactory(text="Neglect of a baby.", themes=[theme])
    assert client.get("/learning/?q=neglect").context["result"].facets["theme"]["neglect"] == 2


def test_content_version_changes_on_content_changed(db):
    before = versioning.current()
    assert versioning.current() == before
    versioning.bump()
    assert versioning.current() == before + 1


def test_a_change_made_by_another_server_process_leaves_every_cache_at_once(client, theme):
    """Another process shares the database, not this process's memory: what it does to the
    database (the change, and its signal moving the content version on) must be enough."""
    from django.db.models import F

    from core.models import ContentVersion

    publication = PublicationFactory(title="A leaflet about to be withdrawn")
    LearningItemFactory(publication=publication, text="Neglect once more.", themes=[theme])
    assert "A leaflet about to be withdrawn" in client.get("/learning/").content.decode()  # cached here
    assert home_theme_count(client) == 2
    Publication.objects.filter(pk=publication.pk).update(status=Status.WITHDRAWN)  # no signal in this process
    ContentVersion.objects.update(number=F("number") + 1)  # what the other process's signal wrote
    assert "A leaflet about to be withdrawn" not in client.get("/learning/").content.decode()
    assert home_theme_count(client) == 1
