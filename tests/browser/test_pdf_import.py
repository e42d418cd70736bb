"""Issue 15's journey in a real browser: an Editor uploads the PDF of a briefing, watches it
being read, checks its items (page numbers, the words behind each suggestion, a duplicate left
unticked) and sends it for review; a Publisher follows the email to the queue and publishes it;
it is on the site with its page as provenance. axe-core on each admin page at 1280 and 320 px."""

import re

import django_rq
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import override_settings
from rq import SimpleWorker

from core.models import Status
from learning.models import LearningItem
from reviews.models import Publication
from reviews.roles import apply_roles
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
TITLE = "Learning from a local review (PDF)"
NEW_POINT = "Professionals should share concerns about bruising in non mobile babies with children's social care."
LAST_POINT = "Record who attended every strategy meeting and what was decided."


def published_point():
    """A point the seed already publishes (the Derby review of reviews), word for word."""
    return LearningItem.objects.published().get(text__startswith="Non mobile babies cannot inflict bruising").text


def briefing_pdf(duplicate: str) -> bytes:
    """Two pages: a new point and an already published one on page 1, a third point on page 2."""
    from weasyprint import HTML

    html = (
        f"<h1>{TITLE}</h1><h2>Key learning for professionals</h2>"
        f"<p>a) {NEW_POINT}</p><p>b) {duplicate}</p>"
        f"<div style='break-before: page'><p>c) {LAST_POINT}</p></div>"
    )
    return HTML(string=html).write_pdf()


def make_user(django_user_model, username, role, email):
    apply_roles(Group, Permission)  # a transactional test before this one may have flushed them
    user = django_user_model.objects.create_user(username, email=email, password="a-long-staff-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]


def check_both_widths(page, phone, name, found):
    """axe on the page the editor sees, then the same address on a phone: screenshots of each."""
    found[f"{name}-1280"] = violations(page)
    screenshot(page, f"pdf-import-{name}-1280")
    phone.goto(page.url)
    found[f"{name}-320"] = violations(phone)
    screenshot(phone, f"pdf-import-{name}-320")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320, name


@pytest.fixture
def imports_queue(settings):
    """The imports queue as production runs it: the upload is queued, a worker reads it."""
    queues = {"imports": {**settings.RQ_QUEUES["imports"], "ASYNC": True}}
    with override_settings(RQ_QUEUES=queues):
        queue = django_rq.get_queue("imports")
        queue.empty()
        yield queue
        queue.empty()


def test_an_editor_imports_a_pdf_and_a_publisher_publishes_it_from_the_queue(
    seeded_live, browser, page, phone, django_user_model, imports_queue, tmp_path
):
    make_user(django_user_model, "erin", "Editor", "erin@example.org")
    make_user(django_user_model, "pat", "Publisher", "pat@example.org")
    url, found = seeded_live.url, {}
    duplicate = published_point()
    pdf = tmp_path / "local-review.pdf"
    pdf.write_bytes(briefing_pdf(duplicate))

    # The Editor uploads the PDF: the request returns at once, the worker has not started.
    sign_in(page, url, "erin")
    sign_in(phone, url, "erin")
    page.goto(url + "/admin/learning/learningitem/import/")
    found["import-form"] = violations(page)
    page.select_option("#id_board", label="Derby Safeguarding Children Board")
    page.fill("#id_new_title", TITLE)
    page.set_input_files("#id_upload", str(pdf))
    page.click("input[name=preview]")
    page.wait_for_url(re.compile(r"/import/[0-9a-f-]{36}/$"))
    assert "Waiting to start" in page.locator("#import-state").inner_text()
    assert page.locator("progress#import-progress").count() == 1
    check_both_widths(page, phone, "progress", found)

    # The worker reads it; the progress page notices without a reload by hand and shows the preview.
    django_rq.get_worker("imports", worker_class=SimpleWorker).work(burst=True)
    page.wait_for_selector("#import-preview", timeout=20000)
    assert "3 items found. Nothing has been saved yet." in page.locator("#content-main h2").inner_text()
    rows = page.locator("#import-preview tbody tr")
    assert [rows.nth(i).locator("td").nth(2).inner_text().split() for i in range(3)] == [
        ["a", "page", "1"],
        ["b", "page", "1"],
        ["c", "page", "2"],
    ]
    # Honest suggestions: each names the words that suggested it.
    assert "(found:" in rows.nth(0).inner_text()
    # The published point is marked as a likely duplicate, linked, and left unticked.
    assert "Likely duplicate of" in rows.nth(1).inner_text()
    assert rows.nth(1).locator("a").get_attribute("href").startswith("/admin/learning/learningitem/")
    assert not rows.nth(1).locator(".app-import-keep").is_checked()
    assert rows.nth(0).locator(".app-import-keep").is_checked()
    check_both_widths(page, phone, "preview", found)

    # Nothing was ticked for point c: the editor chooses its theme with the keyboard.
    summary = rows.nth(2).locator("summary")
    if summary.count():
        summary.focus()
        page.keyboard.press("Enter")
    meetings = rows.nth(2).locator("input[value=multi-agency-meetings-and-strategy-discussions]")
    meetings.focus()
    page.keyboard.press("Space")
    assert meetings.is_checked()
    page.click("input[name=confirm]")
    message = page.locator(".messagelist").inner_text()
    assert "Imported 2 draft items" in message
    publication = Publication.objects.get(title=TITLE)
    items = {item.locator: item for item in publication.items.all()}
    assert set(items) == {"a", "c"} and (items["a"].page, items["c"].page) == (1, 2)
    assert items["a"].text == NEW_POINT and items["c"].text == LAST_POINT
    assert {item.status for item in items.values()} == {Status.DRAFT}

    # The Editor sends it for review from the link in the message.
    page.get_by_role("link", name=f"send “{TITLE}” for review").click()
    found["send-for-review-1280"] = violations(page)
    page.click("input[name=send]")
    assert "is waiting for review" in page.locator(".messagelist").first.inner_text()
    found["sent-1280"] = violations(page)
    page.context.clear_cookies()

    # The Publisher gets an email with the queue's address.
    notice = next(message for message in mail.outbox if message.to == ["pat@example.org"])
    assert TITLE in notice.body
    queue_url = re.search(r"https?://\S+/admin/core/reviewrequest/\S*", notice.body).group(0)

    sign_in(page, url, "pat")
    assert "1 waiting for review" in page.locator("#review-queue-summary").inner_text()
    found["admin-home-1280"] = violations(page)
    page.goto(queue_url)
    row = page.locator("tr", has_text=TITLE)
    assert row.count() == 1
    phone.context.clear_cookies()
    sign_in(phone, url, "pat")
    check_both_widths(page, phone, "queue", found)
    row.locator("input[name=publish]").click()
    assert "Published" in page.locator(".messagelist").inner_text()
    publication.refresh_from_db()
    assert publication.status == Status.PUBLISHED

    # It is on the site, with the page it came from.
    public = browser.new_page()
    item = LearningItem.objects.get(publication=publication, locator="a")
    public.goto(url + item.get_absolute_url())
    assert NEW_POINT in public.locator("main").inner_text()
    assert "page 1, point a" in public.locator("main").inner_text()
    screenshot(public, "pdf-import-published-item-1280")
    public.close()

    # Every step is in the publication's history, each with its reason.
    page.goto(url + f"/admin/reviews/publication/{publication.pk}/history/")
    history = page.locator("#content-main").inner_text()
    assert "Sent for review by erin" in history
    assert "Published from the review queue by pat" in history
    found["history-1280"] = violations(page)

    assert {name: v for name, v in found.items() if v} == {}
