import pytest
from django.db.models import ProtectedError

from core.models import Status
from reviews.models import Board, Publication, Review, Section
from tests.factories import (
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_str_is_the_name_or_title():
    board = BoardFactory(name="Derby Safeguarding Children Board")
    publication = PublicationFactory(board=board, title="Review of Serious Case Reviews")
    section = SectionFactory(publication=publication, number="5", title="Working with babies")
    review = ReviewFactory(board=board, title="Six serious case reviews")
    assert str(board) == "Derby Safeguarding Children Board"
    assert str(publication) == "Review of Serious Case Reviews"
    assert str(section) == "5 Working with babies"
    assert str(review) == "Six serious case reviews"


def test_natural_keys_round_trip():
    section = SectionFactory(key="section-5")
    publication = section.publication
    assert Board.objects.get_by_natural_key(*publication.board.natural_key()) == publication.board
    assert Publication.objects.get_by_natural_key(*publication.natural_key()) == publication
    assert Section.objects.get_by_natural_key(*section.natural_key()) == section
    assert section.natural_key() == (publication.slug, "section-5")
    review = ReviewFactory()
    assert Review.objects.get_by_natural_key(*review.natural_key()) == review


def test_published_excludes_drafts_and_withdrawn():
    published = PublicationFactory(status=Status.PUBLISHED)
    PublicationFactory(status=Status.DRAFT)
    PublicationFactory(status=Status.WITHDRAWN)
    assert list(Publication.objects.published()) == [published]


def test_sections_are_in_source_order():
    publication = PublicationFactory()
    later = SectionFactory(publication=publication, position=20)
    earlier = SectionFactory(publication=publication, position=10)
    assert list(publication.sections.all()) == [earlier, later]


def test_latest_first_puts_undated_last():
    undated = PublicationFactory(published_on=None)
    old = PublicationFactory(published_on="2011-01-01")
    new = PublicationFactory(published_on="2015-06-18")
    assert list(Publication.objects.latest_first()) == [new, old, undated]


def test_deleting_a_board_with_publications_is_refused():
    publication = PublicationFactory()
    with pytest.raises(ProtectedError):
        publication.board.delete()


def test_deleting_a_publication_with_items_is_refused():
    item = LearningItemFactory()
    with pytest.raises(ProtectedError):
        item.publication.delete()


def test_updated_time_moves_on_save():
    board = BoardFactory()
    first = board.updated
    board.area = "Elsewhere"
    board.save()
    assert board.updated > first
    assert board.created <= first
