"""A practitioner's journey in a real browser: accessible pages, keyboard, phone, print."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PAGES = {
    "home": "/",
    "themes": "/themes/",
    "theme": "/themes/child-sexual-exploitation/",
    "search": "/learning/?q=bruising",
    "filtered": "/learning/?theme=neglect&age_group=school-age",
    "empty": "/learning/?q=zzzqqq",
    "item": "/learning/derby-review-2008-2014/5-b/",
    "publication": "/publications/leicestershire-rutland-learning-review-2/",
    "publications": "/publications/",
    "board": "/boards/derby-scb/",
    "review": "/reviews/lr-case-1-cse/",
    "review-with-demographics": "/reviews/derby-review-of-reviews-2008-2014/",
    "reviews": "/reviews/",
    "reviews-filtered": "/reviews/?board=derby-scb&theme=neglect",
    "reviews-bad-filter": "/reviews/?year=abc",
    "board-with-contacts": "/boards/leicestershire-and-rutland-lscb/",
    "glossary": "/glossary/",
    "whats-new": "/new/",
    "whats-new-narrowed": "/new/?theme=neglect&age_group=school-age",
    "recurring-themes": "/recurring-themes/",
    "theme-reviews": "/recurring-themes/physical-abuse-and-bruising/",
    "about": "/about/",
    "accessibility": "/accessibility/",
    "alerts": "/alerts/?theme=neglect",
    "privacy": "/privacy/",
    "not-found": "/no-such-page/",
    "api-docs": "/api/",  # with Swagger UI rendered: tests/api/test_docs_browser.py
}


def violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]


def test_every_page_type_has_no_axe_violations_on_desktop_and_phone(seeded_live, page, phone):
    found = {}
    for name, path in PAGES.items():
        for device, tab in (("desktop", page), ("phone", phone)):
            tab.goto(seeded_live.url + path)
            problems = violations(tab)
            if problems:
                found[f"{name} ({device})"] = problems
            screenshot(tab, f"{name}-{device}")
    assert found == {}


def test_nothing_is_wider_than_a_320px_phone(seeded_live, phone):
    for name, path in PAGES.items():
        phone.goto(seeded_live.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def test_landmarks_skip_link_and_headings(seeded_live, page):
    for path in ("/", "/learning/?q=neglect", "/learning/derby-review-2008-2014/5-b/"):
        page.goto(seeded_live.url + path)
        assert page.locator("header").count() == 1
        assert page.locator("main#main-content").count() == 1
        assert page.locator("footer").count() == 1
        assert page.locator("h1").count() == 1
        levels = page.eval_on_selector_all("main h1, main h2, main h3, main h4", "els => els.map(e => +e.tagName[1])")
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    page.goto(seeded_live.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_user_can_search_filter_and_open_a_result(seeded_live, page):
    page.goto(seeded_live.url + "/")
    page.keyboard.press("Tab")  # skip link
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("CSE")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/learning/?q=CSE")
    assert "child sexual exploitation" in page.locator("main").inner_text().lower()
    total = int(page.locator("#results-heading").inner_text().split()[0])
    assert total > 5

    # Tick a filter with the keyboard and apply it.
    box = page.locator("input[name=kind][value=recommendation]")
    box.focus()
    page.keyboard.press("Space")
    page.locator("button[name=apply]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=recommendation" in page.url
    filtered = int(page.locator("#results-heading").inner_text().split()[0])
    assert 0 < filtered < total
    assert "Kind of learning: Recommendation for practice" in page.locator(".app-remove-filters").inner_text()
    screenshot(page, "keyboard-filtered")

    # Open the first result with the keyboard.
    first = page.locator("main .app-item h3 a").first
    title = first.get_attribute("href")
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(title)
    assert "Where this comes from" in page.locator("main").inner_text()


def test_printing_hides_navigation_and_filters(seeded_live, page):
    page.goto(seeded_live.url + "/learning/?q=neglect")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header__navigation").is_visible()
    assert not page.locator(".app-facets").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert page.locator("main .app-item").first.is_visible()
