""" "Raised before" on an item page: learning from other reviews, of other years, that makes the
same point, computed from the text and the themes; only public items; a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Status
from learning import recurrence
from learning.models import LearningItem
from tests.factories import BoardFactory, LearningItemFactory, PublicationFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db

POINT = "Non mobile babies cannot bruise themselves: any bruising on a non mobile baby needs a referral."
SAME = "Bruising in non mobile babies is rare and needs a referral to children's social care."
OTHER = "Schools should record attendance and follow up absence from education promptly."


@pytest.fixture
def world():
    bruising = ThemeFactory(slug="bruising")
    board, elsewhere = BoardFactory(), BoardFactory()

    def review(year, on=board, **kwargs):
        publication = PublicationFactory(board=on, year=year)
        return ReviewFactory(board=on, year_from=year, year_to=year, publications=[publication], **kwargs), publication

    def item(text, year_review, **kwargs):
        reviewed, publication = year_review
        return LearningItemFactory(publication=publication, review=reviewed, text=text, themes=[bruising], **kwargs)

    this = review(2015)
    earlier = review(2011, on=elsewhere)
    point = item(POINT, this)
    return {
        "point": point,
        "earlier": item(SAME, earlier),
        "same_review": item(SAME, this),
        "same_year": item(SAME, review(2015, on=elsewhere)),
        "unrelated": item(OTHER, review(2009, on=elsewhere)),
        "draft": item(SAME, review(2010, on=elsewhere), status=Status.DRAFT),
        "withdrawn": item(SAME, review(2012, on=elsewhere), status=Status.WITHDRAWN),
        "draft_review": item(SAME, review(2013, on=elsewhere, status=Status.DRAFT)),
        "draft_publication": LearningItemFactory(
            publication=PublicationFactory(board=elsewhere, year=2014, status=Status.DRAFT),
            review=review(2014, on=elsewhere)[0],
            text=SAME,
            themes=[bruising],
        ),
    }


def shown(item):
    item = LearningItem.objects.with_relations().get(pk=item.pk)
    return [other.pk for other, reviews, years in recurrence.raised_before(item)]


def test_only_the_same_point_from_other_public_reviews_of_other_years(world):
    assert shown(world["point"]) == [world["earlier"].pk]


def test_the_item_page_shows_it_with_review_board_and_year(client, world):
    html = client.get(world["point"].get_absolute_url()).content.decode()
    section = html.split('id="raised-before"', 1)[1].split("</ul>", 1)[0]
    earlier = world["earlier"]
    assert earlier.get_absolute_url() in section
    assert earlier.review.get_absolute_url() in section and earlier.review.title in section
    assert earlier.review.board.short_name in section and "2011" in section
    for name in ("same_review", "same_year", "unrelated", "draft", "withdrawn", "draft_review", "draft_publication"):
        assert world[name].get_absolute_url() not in section, name


def test_it_works_both_ways_and_nothing_is_shown_without_a_match(client, world):
    # From 2011, all three of 2015 are other reviews' and other years'.
    assert set(shown(world["earlier"])) == {world[name].pk for name in ("point", "same_review", "same_year")}
    assert 'id="raised-before"' not in client.get(world["unrelated"].get_absolute_url()).content.decode()


def test_it_follows_a_change_of_content(world):
    assert shown(world["point"]) == [world["earlier"].pk]
    world["earlier"].status = Status.WITHDRAWN
    world["earlier"].save()
    assert shown(world["point"]) == []


def queries_for(client, url):
    client.get(url)  # caches warm, as a running site has them
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_an_item_page_costs_the_same_with_one_or_many_raised_before(client, world):
    many = world["point"]
    for year in (2001, 2002, 2003):
        publication = PublicationFactory(year=year)
        LearningItemFactory(
            publication=publication,
            review=ReviewFactory(year_from=year, year_to=year, publications=[publication]),
            text=SAME,
            themes=list(many.themes.all()),
        )
    assert len(shown(many)) == 4 and len(shown(world["same_year"])) >= 1
    assert queries_for(client, many.get_absolute_url()) == queries_for(client, world["same_year"].get_absolute_url())


def test_seed_raised_before_is_from_other_reviews_and_years(seeded):
    index = recurrence.review_index()
    found = 0
    for item in LearningItem.objects.published().with_relations():
        own = set(index.reviews_of(item.review_id, item.publication_id))
        own_years = index.years_of(own) or ({item.publication.year} - {None})  # an item of no review
        for other, _reviews, _years in recurrence.raised_before(item):
            found += 1
            theirs = set(index.reviews_of(other.review_id, other.publication_id))
            assert theirs and not theirs & own
            assert index.years_of(theirs) != own_years
            assert other.is_public
    assert found
    # The nine school age children's point on adverse childhood experiences was raised before
    # in Derby's report (2008 – 2014): early childhood experiences and later development.
    aces = LearningItem.objects.with_relations().get(publication__slug="ddscp-school-age-briefing", key="1-kl-2")
    shown_texts = [other.text for other, reviews, years in recurrence.raised_before(aces)]
    assert any("Early childhood experiences" in text for text in shown_texts)
