"""`published_at`: when an item was first public on this site, stamped once on every path."""

import pytest

from core.models import Status
from learning.models import LearningItem
from learning.seed import load_missing, seed_fixture_paths
from tests.factories import LearningItemFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_an_item_published_in_a_published_publication_is_stamped_once():
    item = LearningItemFactory(status=Status.DRAFT)
    assert item.published_at is None
    item.status = Status.PUBLISHED
    item.save()
    first = item.published_at
    assert first is not None
    item.status = Status.WITHDRAWN
    item.save()
    item.status = Status.PUBLISHED
    item.save()
    assert item.published_at == first


def test_items_of_a_draft_publication_are_stamped_when_it_is_published():
    publication = PublicationFactory(status=Status.DRAFT)
    item = LearningItemFactory(publication=publication, status=Status.PUBLISHED)
    assert LearningItem.objects.get(pk=item.pk).published_at is None
    publication.status = Status.PUBLISHED
    publication.save()
    assert LearningItem.objects.get(pk=item.pk).published_at is not None


def test_seed_items_are_stamped_when_loaded():
    load_missing(seed_fixture_paths())
    public = LearningItem.objects.published()
    assert public.exists()
    assert not public.filter(published_at__isnull=True).exists()
