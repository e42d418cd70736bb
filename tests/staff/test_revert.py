"""Reverting to a version from History, through the form as the page serves it.

Reverting needs the rights of the change it makes: an Editor may revert a draft to an earlier
draft; bringing back published wording, republishing, or undeleting needs a Publisher.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.models import Status
from core.services import withdraw as withdraw_items
from learning.models import LearningItem
from reviews.models import Publication
from reviews.services import withdraw_publication
from tests.factories import AgeGroupFactory, LearningItemFactory, PublicationFactory, ThemeFactory
from tests.html_forms import form_data, served_form, submit

pytestmark = pytest.mark.django_db


def version_url(obj, record):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[record.id, record.history_id])


def press_revert(client, obj, record):
    """Open the object's History, follow the link to the version, and press its Revert (Save)."""
    meta = obj._meta
    history = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[record.id]))
    url = version_url(obj, record)
    assert history.status_code == 200 and url in history.content.decode()
    return submit(client, url, button=None)


def edit(client, item, **changes):
    url = reverse("admin:learning_learningitem_change", args=[item.pk])
    return submit(client, url, form_id="learningitem_form", button="_save", **changes)


def test_a_revert_pressed_in_the_browser_restores_the_wording_and_tags(as_user, publisher):
    client = as_user(publisher)
    old_theme, new_theme, age = ThemeFactory(), ThemeFactory(), AgeGroupFactory()
    item = LearningItemFactory(themes=[old_theme], age_groups=[age], text="Earlier wording.")
    assert edit(client, item, text="Later wording.", themes=[str(new_theme.pk)], age_groups=[]).status_code == 302
    item.refresh_from_db()
    assert item.text == "Later wording." and list(item.themes.all()) == [new_theme]
    before = item.history.filter(text="Earlier wording.").first()  # the newest version before the edit
    latest_version = item.version

    response = press_revert(client, item, before)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.text == "Earlier wording."
    assert list(item.themes.all()) == [old_theme] and list(item.age_groups.all()) == [age]
    assert item.version == latest_version + 1  # counted on from the latest save, not from the old version


def test_the_served_revert_form_carries_the_current_version(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(themes=[ThemeFactory()], text="One.")
    edit(client, item, text="Two.")
    edit(client, LearningItem.objects.get(pk=item.pk), text="Three.")
    earliest = item.history.earliest("history_date")
    form = served_form(client.get(version_url(item, earliest)).content.decode())
    assert dict(form["fields"])["version"] == str(LearningItem.objects.get(pk=item.pk).version)


def test_a_revert_is_still_refused_when_someone_saved_after_it_was_opened(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(themes=[ThemeFactory()], text="One.")
    edit(client, item, text="Two.")
    earliest = item.history.earliest("history_date")
    form = served_form(client.get(version_url(item, earliest)).content.decode())
    edit(client, LearningItem.objects.get(pk=item.pk), text="Three, saved meanwhile.")
    response = client.post(version_url(item, earliest), form_data(form))
    assert response.status_code == 200
    assert "Someone else" in response.content.decode()
    assert LearningItem.objects.get(pk=item.pk).text == "Three, saved meanwhile."


def test_an_editor_cannot_revert_a_published_item(as_user, editor, publisher):
    item = LearningItemFactory(themes=[ThemeFactory()], text="Published wording.")
    edit(as_user(publisher), item, text="Corrected published wording.")
    earliest = item.history.earliest("history_date")
    served = served_form(as_user(publisher).get(version_url(item, earliest)).content.decode())

    client = as_user(editor)
    page = client.get(version_url(item, earliest))
    assert page.status_code == 200  # an Editor may look
    assert 'name="_save"' not in page.content.decode()  # but is offered no Revert
    assert client.post(version_url(item, earliest), form_data(served)).status_code == 403
    assert LearningItem.objects.get(pk=item.pk).text == "Corrected published wording."


def test_an_editor_cannot_republish_a_withdrawn_item_by_reverting(as_user, editor, publisher):
    item = LearningItemFactory(themes=[ThemeFactory()], status=Status.PUBLISHED)
    withdraw_items([item])
    published = item.history.filter(status=Status.PUBLISHED).earliest("history_date")
    served = served_form(as_user(publisher).get(version_url(item, published)).content.decode())
    assert as_user(editor).post(version_url(item, published), form_data(served)).status_code == 403
    assert LearningItem.objects.get(pk=item.pk).status == Status.WITHDRAWN


def test_an_editor_cannot_republish_a_withdrawn_publication_by_reverting(as_user, editor, publisher):
    publication = PublicationFactory(status=Status.PUBLISHED)
    LearningItemFactory(publication=publication, themes=[ThemeFactory()])
    withdraw_publication(publication)
    published = publication.history.filter(status=Status.PUBLISHED).earliest("history_date")
    served = served_form(as_user(publisher).get(version_url(publication, published)).content.decode())
    assert as_user(editor).post(version_url(publication, published), form_data(served)).status_code == 403
    assert Publication.objects.get(pk=publication.pk).status == Status.WITHDRAWN


def test_an_editor_cannot_revert_a_draft_to_a_published_version(as_user, editor, publisher):
    item = LearningItemFactory(themes=[ThemeFactory()], status=Status.PUBLISHED, text="Was live.")
    edit(as_user(publisher), item, status=Status.DRAFT, text="Back to draft.")
    published = item.history.filter(status=Status.PUBLISHED).earliest("history_date")
    served = served_form(as_user(publisher).get(version_url(item, published)).content.decode())
    assert as_user(editor).post(version_url(item, published), form_data(served)).status_code == 403
    assert LearningItem.objects.get(pk=item.pk).status == Status.DRAFT


def test_an_editor_cannot_undelete(as_user, editor, publisher):
    item = LearningItemFactory(themes=[ThemeFactory()], text="Deleted on purpose.")
    pk = item.pk
    as_user(publisher).post(
        reverse("admin:learning_learningitem_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [pk], "post": "yes"},
    )
    record = LearningItem.history.filter(id=pk).exclude(history_type="-").first()
    served = served_form(as_user(publisher).get(version_url(item, record)).content.decode())
    assert as_user(editor).post(version_url(item, record), form_data(served)).status_code == 403
    assert not LearningItem.objects.filter(pk=pk).exists()
    # A Publisher can, through the same served form.
    assert as_user(publisher).post(version_url(item, record), form_data(served)).status_code == 302
    assert LearningItem.objects.get(pk=pk).text == "Deleted on purpose."


def test_an_editor_reverts_a_draft_to_an_earlier_draft(as_user, editor):
    client = as_user(editor)
    item = LearningItemFactory(themes=[ThemeFactory()], status=Status.DRAFT, text="First draft.")
    edit(client, item, text="Second draft.")
    earliest = item.history.earliest("history_date")
    assert press_revert(client, item, earliest).status_code == 302
    item.refresh_from_db()
    assert item.text == "First draft." and item.status == Status.DRAFT


@pytest.mark.parametrize("version", ["99999999999999999999", "abc", "-1"])
def test_a_version_that_does_not_exist_is_not_found(as_user, publisher, version):
    item = LearningItemFactory()
    url = reverse("admin:learning_learningitem_simple_history", args=[item.pk, 1]).replace("/1/", f"/{version}/")
    assert as_user(publisher).get(url).status_code == 404
