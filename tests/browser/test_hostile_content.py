"""Stored values that try to run script do not, in Chromium, on any page that shows them."""

import pytest
from django.urls import reverse

from learning.models import GlossaryTerm
from tests import factories
from tests.test_stored_script import ATTRIBUTE_BREAKOUT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hostile_glossary_and_text_run_no_script(live_server, page):
    GlossaryTerm.objects.create(term="ZQAB", expansion=ATTRIBUTE_BREAKOUT)
    theme = factories.ThemeFactory(slug="hostile", description='<img src=x onerror="alert(1)">')
    item = factories.LearningItemFactory(
        themes=[theme],
        title="<script>alert(2)</script>",
        text="Read https://example.org/ZQAB about ZQAB. **<b onmouseover=alert(3)>x</b>**",
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in (
        item.get_absolute_url(),
        reverse("learning:theme", args=[theme.slug]),
        reverse("learning:item_list") + "?q=ZQAB",
        item.publication.get_absolute_url(),
        reverse("printing:theme_handout", args=[theme.slug]),
        reverse("printing:briefing", args=[theme.slug]),
    ):
        page.goto(live_server.url + url)
        page.keyboard.press("Tab")
        page.mouse.move(200, 300)
        page.wait_for_timeout(100)
        assert page.locator("a[href='https://example.org/ZQAB']").count() <= 1
    assert dialogs == []
