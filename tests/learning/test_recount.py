"""After a content change, counts over the corpus are recounted in the background while pages
show the counts from before (core.versioning.recent, CONTENT_RECOUNT = "background"); what a
page lists is never from before. And a change only moves the versions it can have changed."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import versioning
from core.models import Status
from learning.models import Synonym
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recounts(settings, monkeypatch):
    """Background recounts, held here until the test runs them (the test's transaction is
    not visible to another thread)."""
    settings.CONTENT_RECOUNT = "background"
    queued = []
    monkeypatch.setattr(versioning, "submit", lambda function, *args: queued.append((function, args)))
    return queued


def run(queued):
    while queued:
        function, args = queued.pop(0)
        function(*args)


@pytest.fixture
def theme(db):
    theme = ThemeFactory(name="Neglect", slug="neglect")
    LearningItemFactory(text="Chronic neglect was missed.", themes=[theme])
    return theme


def home_theme_count(client):
    themes = {theme.slug: theme.item_count for theme in client.get("/").context["themes"]}
    return themes.get("neglect", 0)


def neglect_facet(client):
    return client.get("/learning/?q=neglect").context["result"].facets["theme"].get("neglect", 0)


def test_after_a_change_pages_show_the_counts_from_before_until_one_recount_runs(client, theme, recounts):
    assert home_theme_count(client) == 1 and neglect_facet(client) == 1  # counted in the request: nothing before
    assert recounts == []
    LearningItemFactory(text="Neglect again.", themes=[theme])

    assert home_theme_count(client) == 1
    queued = len(recounts)  # the home page's counts
    assert home_theme_count(client) == 1
    assert len(recounts) == queued  # one recount for a change, not one per request
    assert neglect_facet(client) == 1
    assert len(recounts) == queued + 1  # the search's facets

    run(recounts)
    assert home_theme_count(client) == 2
    assert neglect_facet(client) == 2
    assert recounts == []


def test_the_results_themselves_are_never_from_before(client, theme, recounts):
    publication = PublicationFactory(title="A leaflet about to be withdrawn")
    LearningItemFactory(publication=publication, text="Neglect in a leaflet.", themes=[theme])
    client.get("/learning/?q=neglect")
    client.get("/")
    run(recounts)
    publication.status = Status.WITHDRAWN
    publication.save()

    search = client.get("/learning/?q=neglect")
    assert search.context["result"].total == 1
    assert "A leaflet about to be withdrawn" not in search.content.decode()
    assert "A leaflet about to be withdrawn" not in client.get("/").content.decode()  # the latest publications


def test_a_failed_recount_keeps_the_counts_and_is_tried_again(client, theme, recounts, monkeypatch, caplog):
    assert home_theme_count(client) == 1
    LearningItemFactory(text="Neglect again.", themes=[theme])
    assert home_theme_count(client) == 1
    [(function, (key, version, _compute, timeout))] = [job for job in recounts if job[1][0].endswith("vocabularies")]
    recounts.clear()

    def failing():
        raise RuntimeError("the database went away")

    with caplog.at_level(logging.ERROR, logger="core.versioning"):
        function(key, version, failing, timeout)
    assert "Recounting" in caplog.text
    assert home_theme_count(client) == 1  # the counts from before, still
    assert [args[0] for _function, args in recounts] == [key]  # its lock released, so asked again
    run(recounts)
    assert home_theme_count(client) == 2


def test_with_inline_recounts_a_change_is_counted_at_once(client, theme, settings):
    settings.CONTENT_RECOUNT = "inline"
    assert home_theme_count(client) == 1
    LearningItemFactory(text="Neglect again.", themes=[theme])
    assert home_theme_count(client) == 2


def test_an_item_edit_leaves_the_vocabulary_cached_and_a_synonym_edit_does_not(theme):
    item = LearningItemFactory(text="Chronic neglect.")
    content, vocabulary = versioning.current(), versioning.current(versioning.VOCABULARY)

    item.text = "Chronic neglect, edited."
    item.save()
    item.themes.add(theme)
    assert versioning.current() > content
    assert versioning.current(versioning.VOCABULARY) == vocabulary

    Synonym.objects.create(term="mum", alternatives="mother", source="tests")
    assert versioning.current(versioning.VOCABULARY) > vocabulary


def test_the_search_page_reads_no_vocabulary_again_after_an_item_edit(client, theme):
    item = LearningItemFactory(text="Chronic neglect.")
    client.get("/learning/?q=neglect")
    item.text = "Chronic neglect, edited."
    item.save()
    with CaptureQueriesContext(connection) as context:
        assert client.get("/learning/?q=neglect").status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    for vocabulary in ("learning_synonym", "learning_glossaryterm", "reviews_board"):  # synonyms, glossary, options
        assert f'FROM "{vocabulary}"' not in tables


@pytest.mark.django_db(transaction=True)
def test_the_recount_runs_on_its_own_thread_and_connection(client, settings):
    settings.CONTENT_RECOUNT = "background"
    theme = ThemeFactory(name="Neglect", slug="neglect")
    LearningItemFactory(text="Chronic neglect was missed.", themes=[theme])
    assert home_theme_count(client) == 1
    LearningItemFactory(text="Neglect again.", themes=[theme])
    assert home_theme_count(client) == 1
    versioning.submit(lambda: None).result(timeout=30)  # the one recount thread has done what came before
    assert home_theme_count(client) == 2


def test_a_page_knows_it_showed_counts_from_before(client, theme, recounts):
    assert home_theme_count(client) == 1
    with versioning.request_scope():
        versioning.recent("vocabularies", lambda: "unused")
        assert not versioning.served_earlier_counts()
    LearningItemFactory(text="Neglect again.", themes=[theme])
    with versioning.request_scope():
        versioning.recent("vocabularies", lambda: "unused")
        assert versioning.served_earlier_counts()
    with versioning.request_scope():
        assert not versioning.served_earlier_counts()


def test_a_recount_overtaken_by_a_change_counts_again_for_the_last_one(client, theme, recounts):
    assert home_theme_count(client) == 1
    LearningItemFactory(text="Neglect again.", themes=[theme])
    assert home_theme_count(client) == 1
    assert recounts  # the home page's recounts, for the version of that change
    LearningItemFactory(text="Neglect a third time.", themes=[theme])  # saved before they ran
    run(recounts)
    assert home_theme_count(client) == 3  # counted for the change made meanwhile
    assert recounts == []  # current: no request has to start another recount first
