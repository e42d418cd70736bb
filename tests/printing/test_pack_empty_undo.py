"""Emptying the training pack: a confirmation step (no JavaScript needed), then an Undo that
puts back what it held, for a while and until something new is added."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from printing.models import SavedPack
from printing.pack import UNDO_KEY, Pack
from tests.html_forms import form_data, served_form

pytestmark = pytest.mark.django_db


def filled(client, library):
    client.post(reverse("printing:pack_add"), {"item": [library.good.pk, library.national.pk, library.message.pk]})
    return [library.good.pk, library.national.pk, library.message.pk]


def test_empty_asks_first_then_offers_undo(client, library):
    ids = filled(client, library)
    pack_page = client.get(reverse("printing:pack")).content.decode()
    assert f'href="{reverse("printing:pack_clear")}"' in pack_page  # a link: nothing happens yet
    confirm = client.get(reverse("printing:pack_clear"))
    text = confirm.content.decode()
    assert "Are you sure you want to empty your training pack?" in text and "holds 3 items" in text
    assert "No, keep my pack" in text and "no-store" in confirm["Cache-Control"]
    assert Pack(client.session).ids == ids  # asking changed nothing

    form = served_form(text, form_id="pack-clear-form")
    emptied = client.post(form["attrs"]["action"], form_data(form), follow=True)
    assert Pack(client.session).ids == []
    assert SavedPack.objects.get().item_ids == []  # the saved copy too
    page = emptied.content.decode()
    assert "Your training pack is now empty." in page and "It held 3 items." in page

    undo = served_form(page, form_id="pack-undo-form")
    restored = client.post(undo["attrs"]["action"], form_data(undo), follow=True)
    assert Pack(client.session).ids == ids
    assert SavedPack.objects.get().item_ids == ids
    assert "Your training pack is back: it holds 3 items." in restored.content.decode()
    assert "pack-undo-form" not in restored.content.decode()


def test_undo_is_gone_after_adding_something_or_after_a_while(client, library):
    filled(client, library)
    client.post(reverse("printing:pack_clear"))
    client.post(reverse("printing:pack_add"), {"item": library.key_learning.pk})
    assert "pack-undo-form" not in client.get(reverse("printing:pack")).content.decode()
    text = client.post(reverse("printing:pack_undo"), follow=True).content.decode()
    assert "There is nothing to undo" in text
    assert Pack(client.session).ids == [library.key_learning.pk]

    other = Client()
    filled(other, library)
    other.post(reverse("printing:pack_clear"))
    session = other.session
    session[UNDO_KEY]["at"] = (timezone.now() - timedelta(hours=2)).isoformat()
    session.save()
    assert "pack-undo-form" not in other.get(reverse("printing:pack")).content.decode()
    other.post(reverse("printing:pack_undo"))
    assert Pack(other.session).ids == []


def test_a_tampered_undo_is_ignored(client, library):
    filled(client, library)
    client.post(reverse("printing:pack_clear"))
    session = client.session
    for bad in ({"ids": "x", "at": "y"}, {"ids": [1], "at": "not a date"}, "nonsense", {"ids": [1]}):
        session[UNDO_KEY] = bad
        session.save()
        assert client.get(reverse("printing:pack")).status_code == 200
        client.post(reverse("printing:pack_undo"))
        assert Pack(client.session).ids == []


def test_empty_needs_post_and_csrf_and_an_empty_pack_skips_the_question(library):
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("printing:pack_clear"))["Location"] == reverse("printing:pack")
    assert client.post(reverse("printing:pack_clear")).status_code == 403
    assert client.post(reverse("printing:pack_undo")).status_code == 403
    assert client.put(reverse("printing:pack_clear")).status_code in (403, 405)


def test_one_visitor_cannot_undo_into_anothers_pack(client, library):
    ids = filled(client, library)
    client.post(reverse("printing:pack_clear"))
    other = Client()
    other.post(reverse("printing:pack_undo"))
    assert Pack(other.session).ids == []
    client.post(reverse("printing:pack_undo"))
    assert Pack(client.session).ids == ids
