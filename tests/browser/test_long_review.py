"""A review whose learning runs past one page, in Chromium: the list of kinds leads to the page each
kind starts on, the pagination reads well at 1280 and 320 px, and axe finds nothing."""

import pytest

from core.models import Status
from learning.models import Kind
from learning.views.sources import REVIEW_ITEMS_PER_PAGE
from reviews.models import Review
from tests.browser.conftest import screenshot
from tests.browser.test_practitioner_site import violations
from tests.factories import LearningItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEW = "lr-case-1-cse"


def test_a_long_review_is_paged_kind_after_kind(seeded_live, page, phone):
    review = Review.objects.get(slug=REVIEW)
    publication = review.publications.first()
    for n in range(REVIEW_ITEMS_PER_PAGE):
        LearningItemFactory(
            publication=publication,
            review=review,
            kind=Kind.KEY_LEARNING,
            position=500 + n,
            text=f"Synthetic key learning point {n} for paging.",
            status=Status.PUBLISHED,
        )
    LearningItemFactory(
        publication=publication,
        review=review,
        kind=Kind.WHAT_HAS_CHANGED,
        position=900,
        text="Synthetic change for paging.",
        status=Status.PUBLISHED,
    )
    url = seeded_live.url + f"/reviews/{REVIEW}/"
    for device, tab in (("desktop", page), ("phone", phone)):
        tab.goto(url)
        assert violations(tab) == []
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        screenshot(tab, f"review-long-{device}")

    # The list of kinds says where "What has changed" is; following it shows it.
    link = page.get_by_role("link", name="What has changed")
    assert "on page 2" in link.locator("xpath=..").inner_text()
    link.click()
    page.wait_for_url("**/?page=2#kind-what_has_changed")
    assert page.get_by_role("link", name="Synthetic change for paging.").is_visible()
    assert violations(page) == []
    screenshot(page, "review-long-page-2-desktop")

    # The pagination's "Previous" link, with the keyboard, goes back to the first page.
    previous = page.locator("a[rel=prev]")
    previous.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Synthetic key learning point 0 for paging." in page.locator("main").inner_text()
