"""A trainer's journey in Chromium: handouts that print cleanly on A4, and a training pack built,
reordered, trimmed, downloaded and shared."""

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from learning.models import LearningItem
from printing.handouts import Entry
from tests.browser.conftest import screenshot
from tests.printing.conftest import normalise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The width of an A4 page inside the print margins (210 mm - 2 x 15 mm) at 96 px to the inch.
A4_PRINTABLE_WIDTH = round((210 - 30) / 25.4 * 96)
HANDOUTS = {
    "handout-theme": "/themes/child-sexual-exploitation/handout/",
    "handout-theme-full": "/themes/child-sexual-exploitation/handout/?full=1",
    "handout-briefing": "/themes/child-sexual-exploitation/briefing/",
    "handout-selection": "/handout/?theme=neglect&age_group=school-age&kind=key_learning",
    "handout-largest-briefing": "/themes/assessment/briefing/",
}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getClientRects().length && element.getBoundingClientRect().right > width + 1)
    .map((element) => element.tagName.toLowerCase() + "." + element.className)
    .slice(0, 5);
}"""


def violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]


def pdf_pages(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return normalise(" ".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def wording(pk):
    return normalise(Entry(LearningItem.objects.select_related("short_publication").get(pk=pk)).wording)


def test_handouts_print_on_a4_without_navigation_and_nothing_overflows(seeded_live, browser):
    context = browser.new_context(viewport={"width": A4_PRINTABLE_WIDTH, "height": 1100})
    page = context.new_page()
    page.emulate_media(media="print")
    for name, path in HANDOUTS.items():
        page.goto(seeded_live.url + path)
        assert page.locator("h1").is_visible()
        for hidden in (".govuk-header", ".govuk-header__navigation", ".govuk-footer", ".govuk-breadcrumbs"):
            assert not page.locator(hidden).is_visible(), f"{hidden} prints on {name}"
        assert page.locator("button:visible, form:visible, input:visible").count() == 0, name
        assert page.evaluate(OVERFLOWING) == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= A4_PRINTABLE_WIDTH, name
        styles = page.evaluate(
            """() => {
              const item = document.querySelector(".app-handout-item");
              const heading = document.querySelector(".app-handout__heading");
              const text = document.querySelector(".app-handout-item__text p");
              const link = document.querySelector(".app-handout__footer a, .app-handout__meta a");
              return {
                item: getComputedStyle(item).breakInside,
                heading: getComputedStyle(heading).breakAfter,
                colour: getComputedStyle(text).color,
                background: getComputedStyle(document.body).backgroundColor,
                after: getComputedStyle(link, "::after").content,
                address: link.textContent,
              };
            }"""
        )
        assert styles["item"] == "avoid", name  # an item never splits across pages
        assert styles["heading"] == "avoid", name  # a heading stays with what follows
        assert styles["colour"] == "rgb(0, 0, 0)", name
        assert styles["background"] in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, name
        assert styles["after"] == "none", name  # no long address printed after links
        assert not styles["address"].startswith("http"), name  # the address printed is short
        # Chromium's own print, with the stylesheet's A4 page.
        text, pages = pdf_pages(page.pdf(prefer_css_page_size=True))
        assert "Reflective questions" in text
        if "briefing" in name:
            assert pages <= 2, f"{name} prints on {pages} pages"
    context.close()


def test_other_pages_print_without_pack_and_print_controls(seeded_live, page):
    for path in ("/themes/child-sexual-exploitation/", "/learning/?q=neglect", "/learning/derby-review-2008-2014/5-b/"):
        page.goto(seeded_live.url + path)
        assert page.locator(".app-pack-control").first.is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".govuk-header__navigation").is_visible()
        assert not page.locator(".app-pack-control").first.is_visible()
        assert not page.locator(".app-print-links").first.is_visible()
        page.emulate_media(media="screen")


def test_handouts_and_pack_pages_are_accessible_on_desktop_and_phone(seeded_live, page, phone):
    paths = {**HANDOUTS, "pack-empty": "/pack/", "handout-empty-theme": "/themes/no-items/handout.pdf"}
    from learning.models import Theme

    Theme.objects.create(name="Adoption", slug="no-items", description="Nothing published on this yet.")
    found = {}
    for name, path in paths.items():
        for device, tab in (("desktop", page), ("phone", phone)):
            tab.goto(seeded_live.url + path)
            problems = violations(tab)
            if problems:
                found[f"{name} ({device})"] = problems
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {device}"
            screenshot(tab, f"{name}-{device}")
    assert found == {}
    assert phone.locator("h1").inner_text() == "There is nothing to print on adoption yet"


def add_first_card(page, url):
    """Press "Add to pack" on the first learning item on a page; the item's id."""
    page.goto(url)
    control = page.locator(".app-pack-control").first
    item_id = int(control.get_attribute("id").removeprefix("pack-item-"))
    with page.expect_navigation():
        control.get_by_role("button", name=re.compile("^Add to pack")).click()
    control = page.locator(f"#pack-item-{item_id}")
    assert control.get_by_text("In your pack").is_visible()
    assert page.locator(".govuk-notification-banner--success").is_visible()
    return item_id


def test_trainer_builds_reorders_trims_downloads_and_shares_a_pack(seeded_live, page, phone, browser):
    # Add from search results (cards inside the filter form), a theme page and an item page.
    first = add_first_card(page, seeded_live.url + "/learning/?q=CSE")
    assert page.url.startswith(seeded_live.url + "/learning/?q=CSE")
    second = add_first_card(page, seeded_live.url + "/themes/neglect/")
    third = add_first_card(page, seeded_live.url + "/learning/derby-review-2008-2014/5-b/")
    assert len({first, second, third}) == 3

    page.goto(seeded_live.url + "/pack/")
    rows = page.locator(".app-pack-list__item")
    assert rows.count() == 3
    order = lambda: [int(row.get_attribute("id").removeprefix("pack-row-")) for row in rows.all()]  # noqa: E731
    assert order() == [first, second, third]
    screenshot(page, "pack-desktop")

    # With JavaScript, Move up acts in place and is saved at once (static/js/pack.js).
    page.locator(f"#pack-row-{third}").get_by_role("button", name=re.compile("^Move up")).click()
    assert order() == [first, third, second]
    page.locator("#pack-live", has_text="to position 2 of 3. Saved.").wait_for(state="attached")
    page.reload()
    assert order() == [first, third, second]
    with page.expect_navigation():
        page.locator(f"#pack-row-{first}").get_by_role("button", name=re.compile("^Remove")).click()
    assert order() == [third, second]

    page.get_by_label("Title for the handout (optional)").fill("Team session: CSE and neglect")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    assert download.value.suggested_filename.startswith("team-session-cse-and-neglect-")
    text, pages = pdf_pages(Path(download.value.path()).read_bytes())
    assert text.count("Team session: CSE and neglect") == pages + 1  # the heading, and each page's margin
    assert text.index(wording(third)) < text.index(wording(second))
    assert wording(first) not in text

    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word document").click()
    import docx

    document = docx.Document(download.value.path())
    body = normalise(" ".join(paragraph.text for paragraph in document.paragraphs))
    assert body.index(wording(third)) < body.index(wording(second))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][0] == "Learning in this pack"

    # The print version, then the share link in a browser that has never seen the pack.
    with page.expect_navigation():
        page.get_by_role("button", name="Preview and print").click()
    assert page.locator("h1").inner_text() == "Team session: CSE and neglect"
    share = page.locator(".app-handout__footer a").get_attribute("href")  # the current version's address
    assert share.startswith(seeded_live.url + "/pack/share/")
    assert share.endswith("?title=Team+session%3A+CSE+and+neglect")
    stranger = browser.new_context().new_page()
    stranger.goto(share)
    assert stranger.locator("h1").inner_text() == "Team session: CSE and neglect"
    shared = normalise(stranger.locator("main").inner_text())
    assert shared.index(wording(third)) < shared.index(wording(second))
    with stranger.expect_navigation():
        stranger.get_by_role("button", name="Make this my training pack").click()
    assert stranger.locator(".app-pack-list__item").count() == 2
    stranger.context.close()

    phone.goto(seeded_live.url + "/pack/")  # a phone has its own (empty) session
    assert "Your pack is empty" in phone.locator("main").inner_text()
