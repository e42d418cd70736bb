"""A publisher reverts an item in Chromium: History, the version, Revert; wording and tags come back."""

import pytest
from django.contrib.auth.models import Group, Permission

from learning.models import LearningItem
from reviews.roles import apply_roles
from tests import factories
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_publisher_reverts_an_item_from_its_history(live_server, page, django_user_model):
    apply_roles(Group, Permission)  # a transactional test before this one may have flushed them
    user = django_user_model.objects.create_user("pat", password="a-long-staff-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    old_theme, new_theme = factories.ThemeFactory(name="Neglect"), factories.ThemeFactory(name="Domestic abuse")
    item = factories.LearningItemFactory(themes=[old_theme], text="The wording as first published.")
    item.themes.set([new_theme])  # retagged by someone else meanwhile
    item.save()
    sign_in(page, live_server.url, "pat")

    page.goto(f"{live_server.url}/admin/learning/learningitem/{item.pk}/change/")
    page.fill("#id_text", "A careless edit.")
    page.click("input[name=_save]")
    assert LearningItem.objects.get(pk=item.pk).text == "A careless edit."

    page.goto(f"{live_server.url}/admin/learning/learningitem/{item.pk}/history/")
    version = next(
        record
        for record in item.history.filter(text="The wording as first published.")
        if [row.theme_id for row in record.themes.all()] == [old_theme.pk]
    )
    page.click(f"a[href$='/history/{version.history_id}/']")
    assert page.locator("#id_text").input_value() == "The wording as first published."
    screenshot(page, "admin-revert-version")
    page.click("input[name=_save]")

    assert "someone else" not in page.locator("body").inner_text().lower()
    item.refresh_from_db()
    assert item.text == "The wording as first published."
    assert list(item.themes.all()) == [old_theme]
