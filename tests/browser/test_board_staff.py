"""A board editor signs in, imports a short briefing, and a publisher publishes it."""

import pytest
from django.contrib.auth.models import Group, Permission

from core.models import Status
from learning.models import LearningItem
from reviews.roles import apply_roles
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRIEFING = """Learning from a local review

Key learning for professionals

a) Professionals should share concerns about bruising in non mobile babies with children's social care.
b) Record who attended every strategy meeting and what was decided.

Good practice

1. A health visitor escalated her concerns in writing when they were not acted upon.
"""


def make_user(django_user_model, username, role):
    apply_roles(Group, Permission)  # a transactional test before this one may have flushed them
    user = django_user_model.objects.create_user(username, password="a-long-staff-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_editor_imports_and_publisher_publishes(seeded_live, page, django_user_model):
    make_user(django_user_model, "eddie", "Editor")
    make_user(django_user_model, "pat", "Publisher")
    url = seeded_live.url

    sign_in(page, url, "eddie")
    page.goto(url + "/admin/learning/learningitem/")
    page.click("text=Import a briefing")
    page.select_option("#id_board", label="Derby Safeguarding Children Board")
    page.fill("#id_new_title", "Learning from a local review")
    page.fill("#id_text", BRIEFING)
    page.click("input[name=preview]")
    assert "3 items found. Nothing has been saved yet." in page.locator("#content-main h2").inner_text()
    assert not LearningItem.objects.filter(publication__title="Learning from a local review").exists()
    screenshot(page, "admin-import-preview")
    # Point b names no theme outright, so nothing is ticked for it: the editor chooses one.
    row_b = page.locator("#import-preview tbody tr").nth(1)
    meetings = row_b.locator("input[value=multi-agency-meetings-and-strategy-discussions]")
    if not meetings.is_visible():
        row_b.locator("summary").click()
    meetings.check()
    page.click("input[name=confirm]")
    assert "Imported 3 draft items" in page.locator(".messagelist").inner_text()
    items = LearningItem.objects.filter(publication__title="Learning from a local review")
    assert items.count() == 3 and {item.status for item in items} == {Status.DRAFT}
    assert items.get(locator="a").themes.exists()  # suggested themes were kept
    assert items.get(locator="b").themes.filter(slug="multi-agency-meetings-and-strategy-discussions").exists()

    # The draft is not public.
    public = page.context.browser.new_page()
    public.goto(url + "/learning/?q=strategy+meeting+attended")
    assert "Record who attended every strategy meeting" not in public.locator("main").inner_text()

    # The editor may not publish: the action is not offered.
    assert page.locator("select[name=action] option[value=publish_selected]").count() == 0
    page.context.clear_cookies()

    sign_in(page, url, "pat")
    page.goto(url + "/admin/reviews/publication/?q=Learning+from+a+local+review")
    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    assert "Published “Learning from a local review”" in page.locator(".messagelist").inner_text()

    public.goto(url + "/learning/?q=strategy+meeting+attended")
    assert "Record who attended every strategy meeting" in public.locator("main").inner_text()
    screenshot(public, "imported-briefing-public")
    public.close()
