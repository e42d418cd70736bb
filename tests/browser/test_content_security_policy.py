"""With the Content-Security-Policy in force, Chromium blocks nothing on the public pages or in the
admin, and the JavaScript still works: GOV.UK Frontend, the site's own scripts and the admin's."""

import re

import pytest
from playwright.sync_api import expect

from learning.models import LearningItem
from printing.pack import encode
from reviews.models import Publication
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reports every violation to Python, whatever page the tab is on (an init script runs before
# the page's own scripts, and the CSP does not apply to it).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation([location.pathname, event.effectiveDirective, event.blockedURI, event.sample].join(" | "));
});
"""
# What Chromium's console says when it blocks something, or meets a feature it does not know in
# the Permissions-Policy.
CONSOLE_REPORTS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")
PUBLIC_PAGES = [
    "/",
    "/about/",
    "/accessibility/",
    "/alerts/",
    "/privacy/",
    "/themes/",
    "/themes/neglect/",
    "/learning/",
    "/learning/?q=neglect",
    "/publications/",
    "/glossary/",
    "/themes/neglect/handout/",
    "/themes/child-sexual-exploitation/briefing/",
    "/handout/?theme=neglect&kind=key_learning",
    "/pack/",
    "/pack/handout/",
    "/no-such-page/",
    "/api/",
]


class Watched:
    """A tab whose CSP violations, and the console's reports of them or of a bad Permissions-Policy,
    are collected."""

    def __init__(self, page):
        self.page = page
        self.violations = []
        page.expose_function("reportCspViolation", self._report)
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)

    def _report(self, violation):
        self.violations.append(violation)

    def _console(self, message):
        if any(name in message.text for name in CONSOLE_REPORTS):
            self.violations.append(f"console {message.type}: {message.text}")

    def goto(self, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        return response


@pytest.fixture
def watched(page):
    return Watched(page)


@pytest.fixture
def watched_phone(phone):
    return Watched(phone)


def js_works(page):
    """Both the js-enabled snippet and GOV.UK Frontend's initAll() ran."""
    classes = page.locator("body").get_attribute("class").split()
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes, page.url
    page.wait_for_selector("[data-govuk-header-init]", state="attached")
    assert page.locator("[data-govuk-skip-link-init]").count() == 1, page.url


def test_public_pages_break_no_rule_and_their_javascript_runs(seeded_live, watched):
    page, url = watched.page, seeded_live.url
    publication = Publication.objects.published().first()
    item = LearningItem.objects.published().first()
    pages = [
        *PUBLIC_PAGES,
        publication.get_absolute_url(),
        publication.board.get_absolute_url(),
        item.get_absolute_url(),
        f"/pack/share/{encode([item.pk])}/",
    ]
    # Put something in the pack, so its page has a share link and the copy button.
    watched.goto(url + item.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Add to pack")).first.click()
    for path in pages:
        response = watched.goto(url + path)
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";", path
        assert "camera=()" in response.headers["permissions-policy"], path
        js_works(page)
        if "handout" in path or "briefing" in path or "share" in path:
            assert page.locator(".app-print-button").first.is_visible(), path  # print-button.js
    assert watched.violations == [], "\n".join(watched.violations)


def test_the_pack_copy_button_and_the_govuk_components_work(seeded_live, watched):
    page, url = watched.page, seeded_live.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    item = LearningItem.objects.published().first()
    watched.goto(url + item.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Add to pack")).first.click()
    watched.goto(url + "/pack/")
    button = page.locator(".app-copy-button")
    assert button.is_visible()  # copy-link.js showed it
    button.click()
    # (Not wait_for_function: its polling evaluates a string, which script-src 'self' blocks.)
    expect(page.locator(".app-copy-status")).to_have_text("Link copied.")
    share = page.locator("#" + button.get_attribute("data-copy-target")).input_value()
    assert page.evaluate("navigator.clipboard.readText()") == share
    assert watched.violations == [], "\n".join(watched.violations)


def test_on_a_phone_the_menu_opens_and_the_filters_start_folded(seeded_live, watched_phone):
    page, url = watched_phone.page, seeded_live.url
    watched_phone.goto(url + "/learning/?q=neglect")
    js_works(page)
    menu = page.locator(".govuk-header__menu-button")
    assert menu.is_visible()  # GOV.UK Frontend's Header shows it
    assert not page.locator("#navigation").is_visible()
    menu.click()
    assert page.locator("#navigation").is_visible()
    panels = page.locator(".app-filter-panel")
    assert panels.count() > 0
    assert all(panel.get_attribute("open") is None for panel in panels.all())  # filter-panel.js folded them
    assert watched_phone.violations == []


def test_the_admin_breaks_no_rule_and_its_javascript_runs(seeded_live, watched, django_user_model):
    page, url = watched.page, seeded_live.url
    django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-staff-password")
    sign_in(page, url, "admin")

    # The change form: the slug is filled in as the title is typed (prepopulate.js), the board is
    # chosen through select2's autocomplete, an inline row is added, the calendar opens.
    response = watched.goto(url + "/admin/reviews/publication/add/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("#id_title").press_sequentially("Learning from Ava's review")
    assert page.locator("#id_slug").input_value() == "learning-from-avas-review"
    page.locator("#id_board").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Derby")
    page.locator(".select2-results__option", has_text="Derby").first.click()
    assert "Derby" in page.locator("#select2-id_board-container").inner_text()
    rows = page.locator("#sections-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#sections-group .add-row a").click()
    assert rows.count() == before + 1
    page.locator("#id_published_on").locator("xpath=..").locator(".datetimeshortcuts a").first.click()  # Today
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}", page.locator("#id_published_on").input_value())

    # The "add another board" popup (RelatedObjectLookups.js, popup_response.js) fills the field.
    with page.expect_popup() as popup_info:
        page.locator("#add_id_board").click()
    popup = popup_info.value
    popup.wait_for_load_state("load")
    popup.locator("#id_name").press_sequentially("Avalon Safeguarding Children Partnership")
    assert popup.locator("#id_slug").input_value() == "avalon-safeguarding-children-partnership"
    for field in popup.locator("input[required]:not([name=name]):not([name=slug])").all():
        field.fill("Avalon")
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    assert "Avalon Safeguarding" in page.locator("#select2-id_board-container").inner_text()

    # The change list: ticking a row is counted by actions.js.
    watched.goto(url + "/admin/learning/learningitem/")
    page.locator("input[name=_selected_action]").first.check()
    assert page.locator(".action-counter").inner_text().startswith("1 of")
    page.locator("#action-toggle").check()
    assert page.locator("input[name=_selected_action]:checked").count() > 1

    # django-simple-history's history page and one old version of an item.
    item = LearningItem.objects.published().first()
    watched.goto(url + f"/admin/learning/learningitem/{item.pk}/history/")
    assert page.locator("#change-history").count() == 1
    with page.expect_navigation():
        page.locator("#change-history tbody a").first.click()
    assert page.locator("input[name=_save]").count() == 1  # the Revert button

    # The import page and its preview (the project's own admin templates).
    watched.goto(url + "/admin/learning/learningitem/import/")
    page.select_option("#id_board", label="Derby Safeguarding Children Board")
    page.fill("#id_new_title", "A briefing")
    page.fill("#id_text", "A briefing\n\nKey learning\n\na) Share concerns about bruising with social care.\n")
    page.click("input[name=preview]")
    page.wait_for_load_state("load")
    text = page.locator("#import-preview .app-import-text").first
    assert text.evaluate("(cell) => getComputedStyle(cell).whiteSpace") == "pre-line"  # admin.css applied

    # The sidebar's filter box (nav_sidebar.js) and the admin's own pages for staff.
    watched.goto(url + "/admin/reviews/board/")
    page.locator("#nav-filter").fill("glossary")
    assert not page.locator("#nav-sidebar .model-board").is_visible()
    assert page.locator("#nav-sidebar .model-glossaryterm").is_visible()
    assert watched.violations == [], "\n".join(watched.violations)
