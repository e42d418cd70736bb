"""Draft -> published -> withdrawn, through the services."""

import pytest

from core.models import Status
from core.services import withdraw as withdraw_items
from learning.models import LearningItem
from learning.publishing import PublishError, add_theme, publish_items, publish_problems, publish_publication
from reviews.services import withdraw_publication
from tests.factories import LearningItemFactory, PublicationFactory, SectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_publication_publishes_its_draft_items_in_one_step():
    publication = PublicationFactory(status=Status.DRAFT)
    theme = ThemeFactory()
    drafts = [LearningItemFactory(publication=publication, status=Status.DRAFT, themes=[theme]) for _ in range(3)]
    withdrawn = LearningItemFactory(publication=publication, status=Status.WITHDRAWN, themes=[theme])
    publish_publication(publication)
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED
    assert {item.status for item in LearningItem.objects.filter(pk__in=[d.pk for d in drafts])} == {Status.PUBLISHED}
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN  # taken down on purpose: stays down
    assert LearningItem.objects.published().count() == 3


def test_publishing_is_all_or_nothing_when_an_item_is_not_ready():
    publication = PublicationFactory(status=Status.DRAFT)
    ready = LearningItemFactory(publication=publication, status=Status.DRAFT, themes=[ThemeFactory()])
    untagged = LearningItemFactory(publication=publication, status=Status.DRAFT)
    with pytest.raises(PublishError) as error:
        publish_publication(publication)
    assert [item for item, _reason in error.value.problems] == [untagged]
    publication.refresh_from_db()
    ready.refresh_from_db()
    assert (publication.status, ready.status) == (Status.DRAFT, Status.DRAFT)


def test_publish_problems_names_missing_theme_and_provenance():
    item = LearningItemFactory(status=Status.DRAFT, locator="")
    problems = publish_problems(item)
    assert any("theme" in p for p in problems)
    assert any("where in the publication" in p for p in problems)
    item.section = SectionFactory(publication=item.publication)
    item.themes.add(ThemeFactory())
    assert publish_problems(item) == []


def test_publish_items_skips_the_unready_and_reports_why():
    ready = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    unready = LearningItemFactory(status=Status.DRAFT)
    outcome = publish_items(LearningItem.objects.filter(pk__in=[ready.pk, unready.pk]))
    assert outcome.changed == [ready]
    assert outcome.skipped[0][0] == unready and "theme" in outcome.skipped[0][1]


def test_withdrawing_keeps_content_but_hides_it():
    item = LearningItemFactory(themes=[ThemeFactory()])
    withdraw_items([item])
    assert LearningItem.objects.filter(pk=item.pk).exists()
    assert not LearningItem.objects.published().filter(pk=item.pk).exists()
    other = LearningItemFactory(themes=[ThemeFactory()])
    withdraw_publication(other.publication)
    assert not LearningItem.objects.published().filter(pk=other.pk).exists()


def test_every_status_change_is_in_history():
    item = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    publish_items([item])
    withdraw_items([item])
    assert [record.status for record in item.history.all()[:2]] == [Status.WITHDRAWN, Status.PUBLISHED]


def test_add_theme_in_bulk_is_recorded():
    items = [LearningItemFactory() for _ in range(2)]
    theme = ThemeFactory()
    outcome = add_theme(items, theme)
    assert len(outcome.changed) == 2
    assert all(theme in item.themes.all() for item in items)
    assert items[0].history.first().themes.filter(theme=theme).exists()
