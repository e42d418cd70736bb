"""The training pack in Chromium: kept after the browser closes (a new context with the same
storage, session cookies gone), reordered by drag and by keyboard, emptied with confirmation and
undone, without JavaScript by numbers; axe-core on its pages at 1280 and 320 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from learning.models import LearningItem
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "pack"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        (v["id"], [node["target"] for node in v["nodes"]][:3])
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def fill_pack(page, url, count=3):
    """Add `count` published items, each from its own page; the pack's ids in order."""
    for item in LearningItem.objects.published().order_by("pk")[:count]:
        page.goto(url + item.get_absolute_url())
        with page.expect_navigation():
            page.locator(f"#pack-item-{item.pk}").get_by_role("button", name=re.compile("^Add to pack")).click()
    page.goto(url + "/pack/")
    ids = order(page)
    assert len(ids) == count
    return ids


def order(page):
    return [int(row.get_attribute("data-item-id")) for row in page.locator(".app-pack-list__item").all()]


def test_the_pack_is_kept_after_the_browser_closes(seeded_live, browser):
    url = seeded_live.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    ids = fill_pack(page, url)
    page.goto(url + "/")
    assert "Training pack (3 items)" in page.locator("[data-pack-link]").inner_text().replace("\n", "")
    assert page.evaluate("localStorage.getItem('training-pack-key')")
    state = context.storage_state()
    context.close()

    # Closing the browser ends its session cookies; local storage stays.
    state["cookies"] = [cookie for cookie in state["cookies"] if cookie.get("expires", -1) != -1]
    again = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=state)
    page = again.new_page()
    page.goto(url + "/pack/")
    page.locator(".app-pack-list__item").first.wait_for()  # pack.js brought it back and reloaded
    assert order(page) == ids
    assert "We brought back the training pack you saved on this device" in page.locator("main").inner_text()
    assert "(3" in page.locator("[data-pack-count]").inner_text()
    shot(page, "after-pack-restored-1280")
    again.close()


def test_reorder_by_drag_and_by_keyboard_and_empty_with_undo(seeded_live, browser):
    url = seeded_live.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    a, b, c = fill_pack(page, url)
    page.goto(url + "/pack/")
    assert not page.locator("input[name=position]").first.is_visible()  # JS: drag and buttons instead
    shot(page, "after-pack-1280")

    # Keyboard: Tab to the second item's Move up, press Enter; the move is announced and saved.
    page.locator(f"#pack-row-{b}").get_by_role("button", name=re.compile("^Move up")).focus()
    page.keyboard.press("Enter")
    assert order(page) == [b, a, c]
    page.locator("#pack-live", has_text="to position 1 of 3. Saved.").wait_for(state="attached")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("Move up")  # focus stays on the button that moved

    # Drag: the last item's handle above the first item (both on screen).
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.locator("#pack-items-heading").scroll_into_view_if_needed()
    handle = page.locator(f"#pack-row-{c} .app-pack-list__handle")
    target = page.locator(f"#pack-row-{b}").bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 5, steps=8)
    page.mouse.up()
    assert order(page) == [c, b, a]
    page.locator("#pack-live", has_text="Saved.").wait_for(state="attached")
    page.reload()
    assert order(page) == [c, b, a]

    # Empty: a confirmation, then Undo.
    page.get_by_role("button", name="Empty your pack").click()
    page.wait_for_url(url + "/pack/clear/")
    shot(page, "after-pack-confirm-1280")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, empty my pack").click()
    assert "Your training pack is now empty." in page.locator(".govuk-notification-banner").inner_text()
    shot(page, "after-pack-undo-1280")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Undo")).click()
    assert order(page) == [c, b, a]
    context.close()


def test_without_javascript_positions_reorder_all_at_once(seeded_live, browser):
    url = seeded_live.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    a, b, c = fill_pack(page, url)
    page.goto(url + "/pack/")
    page.get_by_label(re.compile("^Position")).nth(0).fill("3")
    page.get_by_label(re.compile("^Position")).nth(2).fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Update order").click()
    assert order(page) == [c, b, a]
    shot(page, "after-pack-nojs-1280")
    context.close()


def test_pack_pages_have_no_serious_axe_violations_at_1280_and_320(seeded_live, browser):
    url = seeded_live.url
    for width, height in ((1280, 900), (320, 640)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        found = {}
        page.goto(url + "/pack/")
        found["pack-empty"] = serious(page)
        fill_pack(page, url, count=2)
        page.goto(url + "/pack/")
        found["pack"] = serious(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"after-pack-{width}")
        share = page.locator("#share-link").input_value()
        page.goto(url + "/pack/clear/")
        found["pack-confirm"] = serious(page)
        page.goto(share)
        found["saved-pack"] = serious(page)
        shot(page, f"after-saved-pack-{width}")
        page.goto(url + "/about/")
        found["about"] = serious(page)
        shot(page, f"after-about-{width}")
        assert {name: v for name, v in found.items() if v} == {}, width
        context.close()
