"""One save, one history entry, with a reason a person can read.

Before: one admin save of a learning item that changed its text and themes wrote three entries
(the save; then the themes' m2m "remove" and "add" signals, each an entry of its own), and up to
seven when the age groups and agencies changed too; every one said "None" as its reason.
`add_theme` wrote two, an import three. Now each writes one (core/history.py).
"""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from core.models import Status
from core.services import withdraw
from learning.models import LearningItem
from learning.publishing import add_theme, publish_items
from learning.services import DraftItem, import_items
from tests.factories import AgeGroupFactory, AudienceFactory, LearningItemFactory, PublicationFactory, ThemeFactory
from tests.html_forms import form_data, served_form, submit

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:learning_learningitem_change", args=[item.pk])


def entries_after(item, count_before):
    """The entries written since, newest first: (type, reason)."""
    rows = item.history.order_by("-history_id").values_list("history_type", "history_change_reason")
    return list(rows[: item.history.count() - count_before])


def save_in_admin(client, item, **changes):
    return submit(client, change_url(item), form_id="learningitem_form", button="_save", **changes)


def test_one_admin_save_of_text_and_every_kind_of_tag_writes_one_entry(as_user, publisher):
    old, new, age, agency = ThemeFactory(), ThemeFactory(), AgeGroupFactory(), AudienceFactory()
    item = LearningItemFactory(themes=[old], text="Earlier wording.")
    before = item.history.count()
    response = save_in_admin(
        as_user(publisher),
        item,
        text="Later wording.",
        themes=[str(new.pk)],
        age_groups=[str(age.pk)],
        audiences=[str(agency.pk)],
    )
    assert response.status_code == 302
    assert entries_after(item, before) == [("~", "Changed text, themes, age groups and audiences.")]
    entry = item.history.first()
    assert entry.text == "Later wording." and entry.history_user == publisher
    assert [row.theme_id for row in entry.themes.all()] == [new.pk]  # the one entry holds the final tags
    assert [row.agegroup_id for row in entry.age_groups.all()] == [age.pk]


def test_superseded_entries_leave_no_tag_snapshots_behind(as_user, publisher):
    old, new = ThemeFactory(), ThemeFactory()
    item = LearningItemFactory(themes=[old])
    save_in_admin(as_user(publisher), item, themes=[str(new.pk)])
    snapshots = item.history.first().themes.model  # the history of the tags, one row per tag per entry
    kept = set(item.history.values_list("history_id", flat=True))
    ours = snapshots.objects.filter(theme_id__in=[old.pk, new.pk])  # other tests' rows may be in the table
    assert set(ours.values_list("history_id", flat=True)) <= kept


def test_an_admin_save_with_no_change_still_says_so(as_user, editor):
    item = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    before = item.history.count()
    assert save_in_admin(as_user(editor), item).status_code == 302
    assert entries_after(item, before) == [("~", "Saved with no changes.")]


def test_adding_in_the_admin_writes_one_creation(as_user, editor):
    item = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    theme = ThemeFactory()
    client = as_user(editor)
    form = served_form(client.get(change_url(item)).content.decode(), form_id="learningitem_form")
    data = form_data(form, key="brand-new", locator="yy", themes=[str(theme.pk)], _save="")
    data.pop("version", None)
    assert client.post(reverse("admin:learning_learningitem_add"), data).status_code == 302
    created = LearningItem.objects.get(key="brand-new")
    assert list(created.history.values_list("history_type", "history_change_reason")) == [("+", "Created.")]
    assert [row.theme_id for row in created.history.first().themes.all()] == [theme.pk]


def test_services_name_their_step():
    item = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    publish_items([item])
    withdraw([item])
    theme = ThemeFactory(name="Neglect")
    before = item.history.count()
    add_theme([item], theme)
    assert entries_after(item, before) == [("~", "Added the theme “Neglect”")]
    reasons = list(item.history.values_list("history_change_reason", flat=True)[:3])
    assert reasons == ["Added the theme “Neglect”", "Withdrawn", "Published"]


def test_bulk_actions_name_their_step(as_user, publisher):
    item = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    data = {"action": "publish_selected", ACTION_CHECKBOX_NAME: [item.pk], "index": 0}
    as_user(publisher).post(reverse("admin:learning_learningitem_changelist"), data)
    assert item.history.first().history_change_reason == "Published"


def test_an_import_writes_one_entry_per_item():
    publication = PublicationFactory(status=Status.DRAFT)
    theme, age = ThemeFactory(), AgeGroupFactory()
    drafts = [DraftItem("learning", "a", "", "Share concerns early.", [theme.slug])]
    (item,) = import_items(publication, drafts, age)
    assert list(item.history.values_list("history_type", "history_change_reason")) == [("+", "Imported")]
    assert [row.theme_id for row in item.history.first().themes.all()] == [theme.pk]


def test_a_revert_writes_one_entry_that_says_what_it_restored(as_user, publisher):
    client = as_user(publisher)
    old, new = ThemeFactory(), ThemeFactory()
    item = LearningItemFactory(themes=[old], text="Earlier wording.")
    save_in_admin(client, item, text="Later wording.", themes=[str(new.pk)])
    earlier = item.history.filter(text="Earlier wording.").first()
    before = item.history.count()
    url = reverse("admin:learning_learningitem_simple_history", args=[item.pk, earlier.history_id])
    assert submit(client, url).status_code == 302
    ((kind, reason),) = entries_after(item, before)
    assert kind == "~" and reason.startswith("Reverted to the version of ")
    item.refresh_from_db()
    assert item.text == "Earlier wording." and list(item.themes.all()) == [old]


def test_saves_outside_the_admin_and_deletions_have_a_reason():
    item = LearningItemFactory(themes=[ThemeFactory()])
    item.notes = "A note."
    item.save()
    pk = item.pk
    item.delete()
    reasons = list(LearningItem.history.filter(id=pk).values_list("history_change_reason", flat=True))
    assert None not in reasons and "" not in reasons
    assert reasons[:2] == ["Deleted", "Changed"]


def test_the_history_page_as_served_reads_well(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(themes=[ThemeFactory()], text="Earlier wording.")
    save_in_admin(client, item, text="Later wording.", themes=[str(ThemeFactory().pk)])
    withdraw([item])
    page = client.get(reverse("admin:learning_learningitem_history", args=[item.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('id="change-history"')[1], re.S)[1:]
    reasons = [re.findall(r"<td>(.*?)</td>", row, re.S)[4].strip() for row in rows]
    assert reasons == ["Withdrawn", "Changed text and themes.", "Changed", "Created"]  # the last two: the factory
