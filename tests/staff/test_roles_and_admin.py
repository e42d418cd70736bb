"""Roles in the admin: every action tried as the wrong role; validation; history; recovery."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.urls import reverse

from core.models import Status
from learning.models import LearningItem
from reviews.models import Publication
from reviews.roles import EDITOR, PUBLISHER
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
ITEMS = reverse("admin:learning_learningitem_changelist")


def item_form(item, **changes):
    data = {
        "kind": item.kind,
        "status": item.status,
        "title": item.title,
        "text": item.text,
        "short_text": item.short_text,
        "version": item.version,
        "themes": [t.pk for t in item.themes.all()] if item.pk else [],
        "age_groups": [],
        "audiences": [],
        "publication": item.publication_id,
        "section": item.section_id or "",
        "locator": item.locator,
        "key": item.key,
        "position": item.position,
        "short_publication": "",
        "short_locator": "",
        "review": "",
        "follows": "",
        "figures": "[]",
        "source_fixes": "[]",
        "notes": "",
    }
    data.update(changes)
    return data


def action(client, name, objects, url=ITEMS, **extra):
    return client.post(url, {"action": name, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}, follow=True)


def test_roles_exist_with_the_right_permissions():
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    publisher = set(Group.objects.get(name=PUBLISHER).permissions.values_list("codename", flat=True))
    assert {"add_learningitem", "change_learningitem", "view_learningitem"} <= editor
    assert not {p for p in editor if p.startswith(("delete_", "publish_"))}
    assert {"delete_learningitem", "publish_learningitem", "publish_publication", "publish_review"} <= publisher
    assert editor < publisher


def test_editor_creates_drafts_only(as_user, editor):
    client = as_user(editor)
    publication = PublicationFactory()
    theme = ThemeFactory()
    template = LearningItemFactory.build(publication=publication, key="new", locator="z", text="New learning.")
    data = item_form(template, status=Status.PUBLISHED, themes=[theme.pk], version="")
    response = client.post(reverse("admin:learning_learningitem_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LearningItem.objects.get(key="new").status == Status.DRAFT


def test_editor_cannot_publish_withdraw_or_delete(as_user, editor):
    client = as_user(editor)
    draft = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    live = LearningItemFactory(themes=[ThemeFactory()])
    response = action(client, "publish_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert b"No action selected" in response.content or response.status_code in (200, 403)
    action(client, "withdraw_selected", [live])
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    assert (
        client.post(reverse("admin:learning_learningitem_delete", args=[draft.pk]), {"post": "yes"}).status_code == 403
    )
    action(client, "delete_selected", [draft], post="yes")
    assert LearningItem.objects.filter(pk=draft.pk).exists()


def test_editor_cannot_change_published_content(as_user, editor):
    client = as_user(editor)
    live = LearningItemFactory(themes=[ThemeFactory()], text="Published wording.")
    response = client.post(
        reverse("admin:learning_learningitem_change", args=[live.pk]), item_form(live, text="Changed")
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.text == "Published wording."


def test_editor_cannot_publish_a_publication(as_user, editor):
    client = as_user(editor)
    publication = PublicationFactory(status=Status.DRAFT)
    action(client, "publish_selected", [publication], url=reverse("admin:reviews_publication_changelist"))
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


def test_publisher_publishes_withdraws_and_deletes(as_user, publisher):
    client = as_user(publisher)
    draft = LearningItemFactory(status=Status.DRAFT, themes=[ThemeFactory()])
    action(client, "publish_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    action(client, "withdraw_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    action(client, "delete_selected", [draft], post="yes")
    assert not LearningItem.objects.filter(pk=draft.pk).exists()


def test_publisher_publishes_a_publication_with_its_items(as_user, publisher):
    client = as_user(publisher)
    publication = PublicationFactory(status=Status.DRAFT)
    item = LearningItemFactory(publication=publication, status=Status.DRAFT, themes=[ThemeFactory()])
    untagged_publication = PublicationFactory(status=Status.DRAFT)
    LearningItemFactory(publication=untagged_publication, status=Status.DRAFT)
    response = action(
        client,
        "publish_selected",
        [publication, untagged_publication],
        url=reverse("admin:reviews_publication_changelist"),
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert Publication.objects.get(pk=untagged_publication.pk).status == Status.DRAFT
    assert "was not published" in response.content.decode()


def test_a_publisher_cannot_publish_an_item_without_a_theme_in_the_form(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(status=Status.DRAFT)
    response = client.post(
        reverse("admin:learning_learningitem_change", args=[item.pk]), item_form(item, status=Status.PUBLISHED)
    )
    assert response.status_code == 200
    assert "needs at least one theme" in response.content.decode()


def test_locators_are_unique_within_a_publication(as_user, publisher):
    client = as_user(publisher)
    first = LearningItemFactory(locator="b", themes=[ThemeFactory()])
    second = LearningItemFactory(publication=first.publication, locator="c", themes=[ThemeFactory()])
    response = client.post(
        reverse("admin:learning_learningitem_change", args=[second.pk]), item_form(second, locator="b")
    )
    assert response.status_code == 200
    assert "Locators must be unique" in response.content.decode()


def test_bulk_add_theme(as_user, editor):
    client = as_user(editor)
    items = [LearningItemFactory(status=Status.DRAFT) for _ in range(2)]
    theme = ThemeFactory(name="Neglect")
    response = action(client, "add_theme_to_selected", items)
    assert "Choose a theme" in response.content.decode()
    action(client, "add_theme_to_selected", items, apply="1", theme=theme.pk)
    assert all(theme in item.themes.all() for item in items)


def test_concurrent_edits_are_refused_with_the_difference(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(themes=[ThemeFactory()], text="Original wording.")
    opened_version = item.version
    first = item_form(item, text="First editor's wording.")
    assert client.post(reverse("admin:learning_learningitem_change", args=[item.pk]), first).status_code == 302
    second = item_form(item, text="Second editor's wording.", version=opened_version)
    response = client.post(reverse("admin:learning_learningitem_change", args=[item.pk]), second)
    content = response.content.decode()
    assert response.status_code == 200
    assert "saved this" in content and "after you opened it" in content
    assert "First editor&#x27;s wording." in content or "First editor's wording." in content
    item.refresh_from_db()
    assert item.text == "First editor's wording."


def test_history_shows_who_changed_what_and_restores(as_user, publisher):
    client = as_user(publisher)
    item = LearningItemFactory(themes=[ThemeFactory()], text="Earlier wording.")
    client.post(reverse("admin:learning_learningitem_change", args=[item.pk]), item_form(item, text="Later wording."))
    history = client.get(reverse("admin:learning_learningitem_history", args=[item.pk])).content.decode()
    assert "Later wording." in history and "Earlier wording." in history  # what changed
    assert publisher.username in history  # who
    earliest = item.history.earliest("history_date")
    url = reverse("admin:learning_learningitem_simple_history", args=[item.pk, earliest.history_id])
    response = client.post(
        url, item_form(item, text="Earlier wording.", version=LearningItem.objects.get(pk=item.pk).version)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Earlier wording."


def test_deleted_items_can_be_recovered(as_user, publisher):
    client = as_user(publisher)
    theme = ThemeFactory()
    item = LearningItemFactory(themes=[theme], text="Learning someone deleted by mistake.")
    pk = item.pk
    action(client, "delete_selected", [item], post="yes")
    assert not LearningItem.objects.filter(pk=pk).exists()
    listing = client.get(reverse("admin:learning_learningitem_recoverlist")).content.decode()
    assert "Learning someone deleted by mistake." in listing
    record = LearningItem.history.filter(id=pk).exclude(history_type="-").first()
    url = reverse("admin:learning_learningitem_simple_history", args=[pk, record.history_id])
    page = client.get(url)
    assert page.status_code == 200
    shown_themes = page.context["adminform"].form.initial["themes"]
    assert [getattr(t, "pk", t) for t in shown_themes] == [theme.pk]  # tags come back too
    response = client.post(url, item_form(record.instance, version="", themes=[theme.pk]))
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    assert LearningItem.objects.get(pk=pk).text == "Learning someone deleted by mistake."


def test_recover_list_is_closed_to_editors(as_user, editor, client):
    assert as_user(editor).get(reverse("admin:learning_learningitem_recoverlist")).status_code == 200
    client.logout()
    assert client.get(reverse("admin:learning_learningitem_recoverlist")).status_code == 302


def test_staff_preview_drafts_and_public_get_404(client, editor):
    draft = LearningItemFactory(status=Status.DRAFT, text="A draft point.")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Staff preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_sign_in_is_throttled_per_username_and_address(client, make_staff):
    make_staff("Editor", username="jo")
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "jo", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(login, {"username": "jo", "password": "a-long-staff-password"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429 or "Too many attempts" in locked.content.decode()
    # The attacker's address is locked out; the real user elsewhere is not.
    elsewhere = client.post(login, {"username": "jo", "password": "a-long-staff-password"}, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302


def test_password_rules_and_session_expiry(settings):
    names = [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "MinimumLengthValidator" in names and "CommonPasswordValidator" in names
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
