"""A trainer asks for a PDF while many are being made, in Chromium: the page says so and how to go
on (the handout's page, printed from the browser), reads well at 1280 and 320 px with axe finding
nothing, its link works from the keyboard, and the same link downloads the PDF once a slot is free
(laid out in the server process's lower-priority child, printing/pdf.py)."""

from pathlib import Path

import pytest
from django.core.cache import cache

from tests.browser.conftest import screenshot
from tests.browser.test_practitioner_site import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEME = "child-sexual-exploitation"


def test_a_trainer_told_to_wait_reads_the_handout_then_downloads_it(seeded_live, page, phone, settings):
    settings.PRINT_CONCURRENCY = 2
    settings.PRINT_QUEUE = 0
    for slot in range(2):  # every slot taken by downloads being made elsewhere
        assert cache.add(f"print:slot:{slot}", "another-process", 120)
    theme_url = seeded_live.url + f"/themes/{THEME}/"
    for device, tab in (("desktop", page), ("phone", phone)):
        tab.goto(theme_url)
        with tab.expect_navigation():
            tab.get_by_role("link", name="PDF of the themed summary").click()
        assert tab.get_by_role("heading", level=1).inner_text() == "Many handouts are being made right now"
        assert "Try again in a minute." in tab.locator("main").inner_text()
        assert violations(tab) == []
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        screenshot(tab, f"handout-busy-{device}")

    back = page.get_by_role("link", name="Go back to the handout")
    back.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/themes/{THEME}/handout/")
    assert "Child sexual exploitation" in page.get_by_role("heading", level=1).inner_text()

    cache.delete("print:slot:1")  # one is free again
    page.goto(theme_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF of the themed summary").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
