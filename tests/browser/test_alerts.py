"""The alerts pages in Chromium: accessible (axe) on desktop and phone, no sideways scrolling,
the error summary focused, a keyboard user can sign up, confirm, and delete their details."""

import pytest
from django.core import mail

from tests.alerts.conftest import confirm_link
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_practitioner_site import violations
from tests.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = SCREENSHOTS / "alerts"


def check(tab, name):
    problems = violations(tab)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    return problems + ([("overflow", overflow)] if overflow > 0 else [])


def test_sign_up_confirm_and_delete_with_the_keyboard(live_server, page, phone):  # noqa: F811
    ThemeFactory(slug="neglect", name="Neglect")
    ThemeFactory(slug="domestic-abuse", name="Domestic abuse")
    mail.outbox = []
    for tab in (page, phone):
        tab.set_default_timeout(60000)  # the first request of a live server builds what it caches
    page.goto(live_server.url + "/")
    found = {}
    for device, tab in (("desktop", page), ("phone", phone)):
        tab.goto(live_server.url + "/privacy/")
        found[f"privacy-{device}"] = check(tab, f"privacy-{device}")
        tab.goto(live_server.url + "/alerts/?theme=neglect")
        found[f"form-{device}"] = check(tab, f"alerts-{device}")
        tab.fill("#email", "not an address")
        tab.click("button:has-text('Subscribe')")
        tab.wait_for_selector(".govuk-error-summary")
        assert tab.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
        found[f"errors-{device}"] = check(tab, f"alerts-errors-{device}")
    assert mail.outbox == []

    page.goto(live_server.url + "/alerts/")
    page.focus("#email")
    page.keyboard.type("keyboard.user@example.org")
    page.focus("#themes")
    page.keyboard.press("Space")
    page.focus("#frequency-monthly")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/alerts/check-your-email/")
    found["check-email"] = check(page, "alerts-check-email-desktop")
    [message] = mail.outbox
    page.goto(live_server.url + confirm_link(message))
    found["confirm"] = check(page, "alerts-confirm-desktop")
    page.click("button:has-text('Confirm email alerts')")
    page.wait_for_selector("h1:has-text('Email alerts confirmed')")
    found["confirmed"] = check(page, "alerts-confirmed-desktop")
    page.click("text=manage your email alerts")
    found["manage"] = check(page, "alerts-manage-desktop")
    phone.goto(page.url)
    found["manage-phone"] = check(phone, "alerts-manage-phone")
    page.click("button:has-text('Unsubscribe')")
    found["unsubscribed"] = check(page, "alerts-unsubscribed-desktop")
    page.click("a:has-text('Delete my details')")
    found["delete"] = check(page, "alerts-delete-desktop")
    page.click("button:has-text('Delete my details')")
    page.wait_for_selector("h1:has-text('Your details have been deleted')")
    page.goto(live_server.url + "/alerts/manage/garbled/")
    found["unknown"] = check(page, "alerts-unknown-link-desktop")
    assert {name: problems for name, problems in found.items() if problems} == {}
