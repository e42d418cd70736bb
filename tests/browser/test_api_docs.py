"""The API's docs page in Chromium with the site's CSP: Swagger UI renders from local files,
nothing is blocked, axe finds nothing, it fits a 320 px phone, and "Try it out" works."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_content_security_policy import Watched
from tests.browser.test_practitioner_site import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "api-docs"


WAIT = 60000  # ms: Swagger UI's bundle is large, and the test server serves one file at a time


def rendered(tab, url):
    tab.goto(url + "/api/", timeout=WAIT)
    tab.wait_for_selector(".opblock", timeout=WAIT)


def test_the_docs_page_renders_under_the_csp_with_no_axe_violations(seeded_live, page, phone):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for device, tab in (("1280", page), ("320", phone)):
        watched = Watched(tab)
        rendered(tab, seeded_live.url)
        assert tab.locator(".opblock").count() == 16
        assert watched.violations == []
        results = Axe().run(tab, options=AXE_OPTIONS)
        found = [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]
        assert found == [], device
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{device}: scrolls sideways by {overflow}px"
        tab.screenshot(path=str(SHOTS / f"api-docs-{device}.png"), full_page=True)


def test_try_it_out_reads_the_api(seeded_live, page):
    watched = Watched(page)
    rendered(page, seeded_live.url)
    operation = "#operations-themes-themes_list"
    page.click(f"{operation} .opblock-summary-control")
    page.click(f"{operation} .execute")  # "Try it out" is on from the start
    answer = page.locator(f"{operation} .live-responses-table")
    answer.wait_for(timeout=WAIT)
    assert "neglect" in answer.inner_text()
    assert watched.violations == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-docs-try-it.png"), full_page=False)


def test_without_javascript_the_page_still_says_what_the_api_offers(seeded_live, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(seeded_live.url + "/api/", timeout=WAIT)
    assert tab.get_by_role("link", name="/api/v1/items/").first.is_visible()
    assert tab.get_by_role("link", name="/api/schema/").first.is_visible()
    context.close()
