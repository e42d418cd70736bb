"""The reading experience (issue 18) in Chromium, on the seed content: a filter panel within
reach (keyboard path, positions, filter-as-you-type, results that update, the phone's Filter
button, no JavaScript), glossary terms that open on tap and close on Escape, item pages titled by
their words, the printed search line, and axe-core on each of these pages at 1280 and 320 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "reading"
LIST = "/learning/"
ITEM_WITH_CSE = "/learning/derby-review-2008-2014/6-d/"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
MOST_TABS_TO_APPLY = 30  # 68 before the panel was reordered and folded


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tabs_to_apply(page):
    page.focus("#id_q")
    for presses in range(1, 200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "id_apply":
            return presses
    return None


def top(page, selector):
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selector)


def results_count(page):
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_the_filters_are_within_reach_on_a_desktop(seeded_live, page):
    page.goto(seeded_live.url + LIST)
    presses = tabs_to_apply(page)
    assert presses is not None and presses <= MOST_TABS_TO_APPLY, presses
    page.evaluate("window.scrollTo(0, 0)")
    # The facets that matter first come first, near the top; the long list of themes after them.
    assert top(page, "#div_id_age_group") < top(page, "#div_id_kind") < top(page, "#div_id_audience")
    assert top(page, "#div_id_audience") < top(page, "#div_id_theme")
    assert top(page, "#div_id_age_group") < 700
    # "Apply filters" is in view without scrolling (sticky at the foot of the panel).
    box = page.locator("#id_apply").bounding_box()
    assert box["y"] + box["height"] <= 900
    page.mouse.wheel(0, 600)
    box = page.locator("#id_apply").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900
    # Themes are folded, alphabetical, and narrow as you type.
    theme = page.locator("#div_id_theme")
    expect(theme.locator("details")).not_to_have_attribute("open", "")
    theme.locator("summary").click()
    labels = [label.strip() for label in theme.locator("label.govuk-checkboxes__label").all_inner_texts()]
    names = [re.sub(r" \(\d+\)$", "", label) for label in labels]
    assert names == sorted(names, key=str.casefold)
    page.fill("#id_theme_search", "neg")
    visible = theme.locator(".govuk-checkboxes__item:visible label")
    assert 0 < visible.count() < len(labels)
    assert all("neg" in text.lower() for text in visible.all_inner_texts())
    expect(page.locator("#id_theme_search_status")).to_have_text(re.compile(r"^\d+ options? shown$"))
    shot(page, "after-panel-themes-typed-1280")


def test_results_update_when_an_option_is_ticked_and_say_how_many(seeded_live, page):
    page.goto(seeded_live.url + LIST + "?q=neglect")
    before = results_count(page)
    page.locator("#div_id_age_group input[type=checkbox]").first.check()
    expect(page).to_have_url(re.compile(r"age_group="))
    status = page.locator("[data-results-status]")
    expect(status).to_have_text(re.compile(r"^\d+ results?$"))
    after = results_count(page)
    assert 0 < after < before
    assert status.inner_text().startswith(str(after))
    assert "Age group:" in page.locator(".app-remove-filters").inner_text()
    # The box ticked keeps the focus and stays ticked in the panel as served again.
    assert page.evaluate("document.activeElement.name") == "age_group"
    assert page.locator("#div_id_age_group input:checked").count() == 1
    # A theme chosen is counted on the folded list's summary.
    theme = page.locator("#div_id_theme")
    theme.locator("summary").click()
    theme.locator("input[type=checkbox]").first.check()
    expect(theme.locator("[data-facet-chosen]")).to_have_text(re.compile(r"1 selected"))
    expect(page).to_have_url(re.compile(r"theme="))
    page.reload()  # the address holds the filters: the page as served says the same
    expect(page.locator("#div_id_theme [data-facet-chosen]")).to_have_text(re.compile(r"1 selected"))
    shot(page, "after-auto-updated-1280")


def test_on_a_phone_the_filter_button_shows_and_hides_the_panel(seeded_live, phone):
    phone.goto(seeded_live.url + LIST + "?q=neglect")
    toggle = phone.locator("[data-filter-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator("#filter-panel")).to_be_hidden()
    shot(phone, "after-results-folded-320")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#filter-panel")).to_be_visible()
    shot(phone, "after-results-filter-open-320")
    toggle.tap()
    expect(phone.locator("#filter-panel")).to_be_hidden()


def test_a_glossary_term_opens_on_tap_and_keyboard_and_closes_on_escape(seeded_live, phone, page):
    phone.goto(seeded_live.url + ITEM_WITH_CSE)
    term = phone.locator(".app-term__button", has_text="CSE").first
    expect(term).to_have_attribute("aria-expanded", "false")
    assert "what it means" in term.inner_text() or term.evaluate("b => b.textContent").endswith("what it means")
    term.tap()
    expect(term).to_have_attribute("aria-expanded", "true")
    tip = term.locator("xpath=following-sibling::span[@role='status']")
    expect(tip).to_have_text("Child sexual exploitation")
    shot(phone, "after-glossary-tapped-320")
    phone.keyboard.press("Escape")
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(tip).to_have_text("")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    # With a keyboard: Enter opens, Escape closes and leaves the focus on the term.
    page.goto(seeded_live.url + ITEM_WITH_CSE)
    term = page.locator(".app-term__button", has_text="CSE").first
    term.focus()
    page.keyboard.press("Enter")
    expect(term).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(term).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.classList.contains('app-term__button')")
    page.keyboard.press("Space")
    expect(term).to_have_attribute("aria-expanded", "true")
    # The page is titled by the item's words, with its kind and source.
    assert page.title().startswith("Young people considered to be at risk of CSE")
    assert "Key learning point d, Derby SCB" in page.title()


def test_read_it_in_the_publication_lands_on_the_point_and_marks_it(seeded_live, page):
    page.goto(seeded_live.url + ITEM_WITH_CSE)
    page.get_by_role("link", name="Read it in the publication").click()
    page.wait_for_url(re.compile(r"#item-6-d$"))
    point = page.locator("#item-6-d")
    expect(point).to_be_in_viewport()
    marked = point.evaluate(
        """el => ({border: getComputedStyle(el).borderLeftWidth,
                   label: getComputedStyle(el, '::before').content})"""
    )
    assert marked == {"border": "5px", "label": '"The point you followed"'}
    assert page.locator("#item-6-d ~ .app-item").first.evaluate("el => getComputedStyle(el).borderLeftWidth") != "5px"


def test_without_javascript_the_panel_shows_filters_apply_and_terms_link_to_the_glossary(seeded_live, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_live.url + LIST + "?q=neglect")
        total = results_count(page)
        expect(page.locator("#filter-panel")).to_be_visible()
        expect(page.locator("[data-filter-toggle]")).to_be_hidden()
        expect(page.locator("[data-facet-search]")).to_be_hidden()
        page.locator("#div_id_kind input[type=checkbox]").first.check()
        with page.expect_navigation():
            page.click("#id_apply")
        assert "kind=" in page.url
        assert 0 < results_count(page) < total
        shot(page, "after-nojs-filtered-320")
        page.goto(seeded_live.url + ITEM_WITH_CSE)
        link = page.locator("a.app-term", has_text="CSE").first
        assert link.get_attribute("href") == "/glossary/#term-cse"
        with page.expect_navigation():
            link.click()
        expect(page.locator("#term-cse")).to_contain_text("Child sexual exploitation")
    finally:
        context.close()


def test_a_printed_results_page_shows_the_search_and_not_the_panel(seeded_live, page):
    page.goto(seeded_live.url + LIST + "?q=neglect&age_group=school-age")
    expect(page.locator(".app-printed-search")).to_be_hidden()
    page.emulate_media(media="print")
    line = page.locator(".app-printed-search")
    expect(line).to_be_visible()
    expect(line).to_have_text(re.compile(r"Search: “neglect”\. Filters: Age group: School age.*\."))
    expect(page.locator("#filter-panel")).to_be_hidden()
    shot(page, "after-results-print-1280")


def test_no_serious_axe_violation_on_these_pages_at_both_widths(seeded_live, page, phone):
    found = {}
    pages = {
        "results": LIST + "?q=neglect",
        "filtered": LIST + "?theme=neglect&age_group=school-age",
        "item": ITEM_WITH_CSE,
        "glossary": "/glossary/",
    }
    for name, path in pages.items():
        for width, tab in (("1280", page), ("320", phone)):
            tab.goto(seeded_live.url + path)
            if name == "item":
                button = tab.locator(".app-term__button").first
                button.click()  # with a toggletip open
            results = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
            serious = [(v["id"], v["nodes"][0]["target"]) for v in results if v["impact"] in {"serious", "critical"}]
            if serious:
                found[f"{name} {width}"] = serious
            shot(tab, f"after-{name}-{width}")
    assert found == {}
