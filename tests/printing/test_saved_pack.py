"""The training pack that survives: the server's copy, its share link, restoring it in a new
browser session, reordering by numbers, the header's count, and purging old copies."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from printing.models import SavedPack, hash_key
from printing.pack import OWNER_KEY, SHARE_KEY, Pack, order_from_positions
from tests.html_forms import form_data, forms_of, served_form

pytestmark = pytest.mark.django_db


def add(client, *items):
    return client.post(reverse("printing:pack_add"), {"item": [item.pk for item in items]})


def share_link(client):
    page = client.get(reverse("printing:pack")).content.decode()
    match = re.search(r'id="share-link" type="text" value="http://testserver(/pack/saved/([^/"]+)/)"', page)
    assert match, "no share link on the pack page"
    return match.group(1), match.group(2)


def test_a_pack_gets_a_saved_copy_with_an_unguessable_share_link(client, library):
    add(client, library.good, library.national)
    path, token = share_link(client)
    saved = SavedPack.objects.get()
    assert saved.share_token == token and saved.item_ids == [library.good.pk, library.national.pk]
    # 128 random bits, not the ids: nothing in the link says what the pack holds or whose it is.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    # The owner key is kept only as a hash; the link is not the key.
    key = client.session[OWNER_KEY]
    assert saved.owner_key_hash == hash_key(key) and key != token and key not in saved.owner_key_hash
    # A second visitor's pack gets a different copy.
    other = Client()
    add(other, library.good)
    assert SavedPack.objects.count() == 2
    assert len(set(SavedPack.objects.values_list("share_token", flat=True))) == 2


def test_every_change_is_written_to_the_saved_copy(client, library):
    add(client, library.good, library.national, library.message)
    saved = SavedPack.objects.get()
    client.post(reverse("printing:pack_remove"), {"remove": library.national.pk})
    saved.refresh_from_db()
    assert saved.item_ids == [library.good.pk, library.message.pk]
    client.post(reverse("printing:pack_reorder"), {"order": [library.message.pk, library.good.pk]})
    saved.refresh_from_db()
    assert saved.item_ids == [library.message.pk, library.good.pk]


def test_the_share_link_shows_the_pack_read_only_and_copies_it(client, library):
    add(client, library.good, library.national)
    path, token = share_link(client)
    stranger = Client()
    page = stranger.get(path)
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    text = page.content.decode()
    assert "nothing you do changes it" in text and "Make this my training pack" in text
    assert "school nurse" in text
    # Copying gives the stranger a pack of their own: a new saved copy, the owner's unchanged.
    form = served_form(text, index=0)
    response = stranger.post(form["attrs"]["action"], form_data(form, button="mode"))
    assert response.status_code == 302
    assert Pack(stranger.session).ids == [library.good.pk, library.national.pk]
    assert stranger.session[SHARE_KEY] != token
    stranger.post(reverse("printing:pack_remove"), {"remove": library.good.pk})
    assert SavedPack.objects.get(share_token=token).item_ids == [library.good.pk, library.national.pk]
    assert Pack(client.session).ids == [library.good.pk, library.national.pk]
    # The owner's own link says so, and offers no copy.
    own = client.get(path).content.decode()
    assert "This is the link to your own training pack" in own and "Make this my training pack" not in own


def test_the_share_link_in_pdf_and_word(client, library):
    add(client, library.good)
    path, token = share_link(client)
    assert Client().get(reverse("printing:saved_pack_pdf", args=[token]))["Content-Type"] == "application/pdf"
    assert Client().get(reverse("printing:saved_pack_docx", args=[token])).status_code == 200


@pytest.mark.parametrize("token", ["x", "A" * 22, "../../etc/passwd", "%00" * 8, "a" * 500])
def test_an_unknown_or_malformed_token_is_404(client, library, token):
    assert client.get(f"/pack/saved/{token}/").status_code == 404
    assert client.post(f"/pack/saved/{token}/use/").status_code in (403, 404)  # no CSRF token: refused either way
    csrf_client = Client(enforce_csrf_checks=False)
    assert csrf_client.post(f"/pack/saved/{token}/use/").status_code == 404


def test_a_new_session_restores_the_pack_with_the_browsers_key(client, library):
    add(client, library.good, library.national)
    key = client.session[OWNER_KEY]
    page = client.get(reverse("home")).content.decode()
    assert f'data-pack-key="{key}"' in page  # pack.js keeps it in local storage

    later = Client(enforce_csrf_checks=True)  # the browser was closed: a new session
    state = later.get(reverse("printing:pack_state"))
    assert state.json()["size"] == 0 and not state.json()["saved"]
    assert "no-store" in state["Cache-Control"]
    csrf = state.json()["csrf"]
    restored = later.post(reverse("printing:pack_restore"), {"key": key}, HTTP_X_CSRFTOKEN=csrf)
    assert restored.status_code == 200 and restored.json()["size"] == 2
    assert Pack(later.session).ids == [library.good.pk, library.national.pk]
    # It is the same pack, not a copy: a change in the new session is the pack's.
    later.post(reverse("printing:pack_remove"), {"remove": library.good.pk}, HTTP_X_CSRFTOKEN=csrf)
    assert SavedPack.objects.get().item_ids == [library.national.pk]


def test_restoring_needs_the_owner_key_not_the_share_link(client, library):
    add(client, library.good)
    path, token = share_link(client)
    thief = Client()
    assert thief.post(reverse("printing:pack_restore"), {"key": token}).status_code == 404
    assert thief.post(reverse("printing:pack_restore"), {"key": ""}).status_code == 404
    assert thief.post(reverse("printing:pack_restore"), {"key": "x" * 5000}).status_code == 404
    assert Pack(thief.session).ids == []
    # Without a CSRF token nobody can restore into someone's session either.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("printing:pack_restore"), {"key": client.session[OWNER_KEY]}).status_code == 403


def test_restoring_keeps_what_the_new_session_gathered(client, library):
    add(client, library.good)
    key = client.session[OWNER_KEY]
    later = Client()
    later.get(reverse("printing:pack_state"))
    later.post(reverse("printing:pack_restore"), {"key": key})
    add(later, library.message)
    assert Pack(later.session).ids == [library.good.pk, library.message.pk]


def test_purge_deletes_packs_unused_for_the_kept_days(client, library, settings):
    add(client, library.good)
    old = SavedPack.objects.get()
    fresh, _key = SavedPack.create_for([library.national.pk])
    SavedPack.objects.filter(pk=old.pk).update(last_used=timezone.now() - timedelta(days=91))
    out = StringIO()
    call_command("purge_saved_packs", "--dry-run", stdout=out)
    assert "1 saved packs unused for 90 days would be deleted" in out.getvalue()
    assert SavedPack.objects.count() == 2
    call_command("purge_saved_packs", stdout=out)
    assert list(SavedPack.objects.all()) == [fresh]
    assert client.get(f"/pack/saved/{old.share_token}/").status_code == 404
    # The session that had the purged copy gets a new one with its next change.
    add(client, library.national)
    assert SavedPack.objects.count() == 2


def test_opening_a_link_counts_as_using_the_pack(client, library):
    add(client, library.good)
    saved = SavedPack.objects.get()
    SavedPack.objects.filter(pk=saved.pk).update(last_used=timezone.now() - timedelta(days=80))
    Client().get(f"/pack/saved/{saved.share_token}/")
    saved.refresh_from_db()
    assert timezone.now() - saved.last_used < timedelta(minutes=1)


# Reordering by numbers, without JavaScript ---------------------------------------------------


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        (["1", "2", "3", "4", "5"], "abcde"),
        (["1", "2", "3", "4", "1"], "eabcd"),  # the last to the top
        (["3", "2", "3", "4", "5"], "bcade"),  # moved down: after the item there
        (["5", "4", "3", "2", "1"], "edcba"),
        (["1", "x", "3", "", "99"], "abcde"),  # unreadable and empty keep their place; 99 is last
        (["-4", "2", "3", "4", "5"], "abcde"),
        (["2", "1", "3", "4", "5"], "bacde"),
    ],
)
def test_order_from_positions(positions, expected):
    order, _unreadable = order_from_positions(list("abcde"), positions)
    assert "".join(order) == expected


def test_update_order_applies_every_position_at_once(client, library):
    items = [library.good, library.national, library.message, library.key_learning]
    add(client, *items)
    page = client.get(reverse("printing:pack")).content.decode()
    form = served_form(page, form_id="pack-order-form")
    data = form_data(form)
    assert data["order"] == [str(item.pk) for item in items] and data["position"] == ["1", "2", "3", "4"]
    data["position"] = ["4", "3", "2", "1"]
    response = client.post(form["attrs"]["action"], data, follow=True)
    assert Pack(client.session).ids == [item.pk for item in reversed(items)]
    assert "Your pack is in the new order." in response.content.decode()

    page = client.get(reverse("printing:pack")).content.decode()
    data = form_data(served_form(page, form_id="pack-order-form"))
    data["position"] = ["1", "2", "three", "4"]
    text = client.post(reverse("printing:pack_reorder"), data, follow=True).content.decode()
    assert "1 position was not a whole number, so that item kept its place. Type a number from 1 to 4." in text


def test_the_remove_button_in_the_order_form_removes_that_item(client, library):
    add(client, library.good, library.national, library.message)
    page = client.get(reverse("printing:pack")).content.decode()
    form = served_form(page, form_id="pack-order-form")
    removes = [value for name, value in form["buttons"] if name == "remove"]
    assert removes == [str(library.good.pk), str(library.national.pk), str(library.message.pk)]
    data = form_data(form, remove=removes[1])
    client.post(reverse("printing:pack_remove"), data)
    assert Pack(client.session).ids == [library.good.pk, library.message.pk]


def test_reorder_for_javascript_answers_json(client, library):
    add(client, library.good, library.national)
    response = client.post(
        reverse("printing:pack_reorder"),
        {"order": [library.national.pk, library.good.pk, 999999999999999, "x"]},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"ids": [library.national.pk, library.good.pk], "changed": True}
    assert "no-store" in response["Cache-Control"]


def test_one_visitor_cannot_reorder_or_empty_anothers_pack(client, library):
    add(client, library.good, library.national)
    other = Client()
    other.post(reverse("printing:pack_reorder"), {"order": [library.national.pk, library.good.pk]})
    other.post(reverse("printing:pack_clear"))
    other.post(reverse("printing:pack_remove"), {"remove": library.good.pk})
    assert Pack(client.session).ids == [library.good.pk, library.national.pk]
    assert SavedPack.objects.get(share_token=client.session[SHARE_KEY]).item_ids == [
        library.good.pk,
        library.national.pk,
    ]


def test_staff_have_no_other_power_over_a_visitors_pack(client, library, django_user_model):
    """Signed in or not (Editor, Publisher), a person's requests change only their own session's pack."""
    from django.contrib.auth.models import Group

    add(client, library.good)
    for role in ("Editor", "Publisher"):
        user = django_user_model.objects.create_user(f"{role.lower()}-pack", password="a-long-staff-password")
        user.is_staff = True
        user.save()
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
        staff = Client()
        staff.force_login(user)
        staff.post(reverse("printing:pack_restore"), {"key": client.session[SHARE_KEY]})
        staff.post(reverse("printing:pack_clear"))
        assert Pack(client.session).ids == [library.good.pk]
    assert SavedPack.objects.get(share_token=client.session[SHARE_KEY]).item_ids == [library.good.pk]


# The header's count ----------------------------------------------------------------------------


def test_an_anonymous_page_without_a_session_shows_no_count_and_stays_public(client, library):
    response = client.get(reverse("about"))
    assert "public" in response["Cache-Control"]
    text = response.content.decode()
    assert "data-pack-key" not in text
    assert re.search(r"Training pack<span class=\"app-pack-count\" data-pack-count></span>", text)


def test_a_page_for_a_visitor_with_a_pack_shows_the_count_and_is_private(client, library):
    add(client, library.good, library.national, library.message)
    response = client.get(reverse("about"))
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    text = response.content.decode()
    assert (
        'Training pack<span class="app-pack-count" data-pack-count> (3<span class="govuk-visually-hidden"> items'
        in text
    )
    # Another visitor never sees it, even if a cache kept the first page.
    assert "(3<span" not in Client().get(reverse("about")).content.decode()


def test_the_count_costs_the_home_page_no_query_without_a_session(client, library):
    baseline = Client()
    baseline.get(reverse("home"))
    with CaptureQueriesContext(connection) as without:
        baseline.get(reverse("home"))
    add(client, library.good)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as with_pack:
        client.get(reverse("home"))
    # A visitor with a session reads it once (the session), for sign-in as much as for the count.
    assert len(with_pack.captured_queries) <= len(without.captured_queries) + 1


def test_about_lists_only_true_contacts_and_the_last_update(client, library, settings):
    from reviews.models import Board

    Board.objects.filter(slug="derby-scb").update(email="dscb@example.org", contact="")
    settings.SITE_CONTACT_EMAIL = ""
    text = client.get(reverse("about")).content.decode()
    assert "mailto:dscb@example.org" in text
    assert "Last updated:" in text
    settings.SITE_CONTACT_EMAIL = "learning@example.org"
    text = Client().get(reverse("about")).content.decode()
    assert "mailto:learning@example.org" in text


def test_the_pack_page_forms_are_all_served(client, library):
    add(client, library.good)
    page = client.get(reverse("printing:pack")).content.decode()
    actions = {form["attrs"].get("action") for form in forms_of(page)}
    assert reverse("printing:pack_reorder") in actions
    assert reverse("printing:pack_clear") in page  # a link to the confirmation


def pack_page_queries(client):
    client.get(reverse("printing:pack"))
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("printing:pack")).status_code == 200
    return len(context.captured_queries)


# The session; the pack's items with their sources, in one query (the pack page is never cached,
# so it reads no content version).
PACK_PAGE_QUERIES = 2


def test_the_pack_page_costs_the_same_queries_for_any_size(client, library):
    from tests.factories import LearningItemFactory

    add(client, library.good, library.national)
    assert pack_page_queries(client) == PACK_PAGE_QUERIES
    more = [LearningItemFactory(publication=library.report) for _ in range(25)]
    add(client, *more)
    assert pack_page_queries(client) == PACK_PAGE_QUERIES
    token = client.session[SHARE_KEY]
    Client().get(f"/pack/saved/{token}/")
    with CaptureQueriesContext(connection) as context:
        assert Client().get(f"/pack/saved/{token}/").status_code == 200
    # The version; the saved pack; its items; the questions' sections (none here beyond the select).
    assert len(context.captured_queries) <= 4
