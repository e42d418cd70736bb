"""Double opt-in and the links in emails: expired, used, garbled, deleted."""

import time
from unittest import mock

import pytest
from django.core import signing

from alerts import tokens
from alerts.models import Digest, Subscriber
from tests.alerts.conftest import confirm, confirm_link, next_week, run_digests, sign_up
from tests.factories import LearningItemFactory, ThemeFactory
from tests.html_forms import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory(slug="neglect", name="Neglect")


def test_nothing_is_sent_until_the_address_is_confirmed(client, outbox, theme):
    sign_up(client, themes=["neglect"])
    LearningItemFactory(themes=[theme])
    outbox.clear()
    assert "0 due" in run_digests(next_week())
    assert outbox == []


def test_a_used_link_says_so_and_confirms_nothing_again(client, outbox, theme):
    sign_up(client, themes=["neglect"])
    confirm(client, outbox[0])
    confirmed_at = Subscriber.objects.get().confirmed_at
    again = client.get(confirm_link(outbox[0]))
    assert again.status_code == 200
    assert "This link has already been used" in again.content.decode()
    assert client.post(confirm_link(outbox[0])).status_code == 200
    assert Subscriber.objects.get().confirmed_at == confirmed_at


def test_an_expired_link_says_so_and_does_not_confirm(client, outbox, theme, settings):
    real_time = time.time
    with mock.patch("django.core.signing.time.time", return_value=real_time() - 8 * 24 * 3600):
        sign_up(client, themes=["neglect"])
    for method in ("get", "post"):
        response = getattr(client, method)(confirm_link(outbox[0]))
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert "Sign up for email alerts" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None


def test_signing_up_again_replaces_the_old_link(client, outbox, theme):
    sign_up(client, themes=["neglect"])
    sign_up(client, themes=["neglect"])
    first, second = outbox
    assert client.get(confirm_link(first)).status_code == 404
    assert confirm(client, second).status_code == 200
    assert Subscriber.objects.get().confirmed_at is not None


BAD_TOKENS = [
    "x",
    "not-a-token",
    "a" * 5000,
    "%00",
    "é",
    "W1sxLCJhYmMiXV0:1abcde:forged",
    signing.dumps([2**70, "key"], salt=tokens.MANAGE),
    signing.dumps([-1, "key"], salt=tokens.MANAGE),
    signing.dumps(["1", "key"], salt=tokens.MANAGE),
    signing.dumps({"a": 1}, salt=tokens.MANAGE),
    signing.dumps([1, "key"], salt="some.other.purpose"),
]


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_unknown_or_garbled_links_are_a_clear_404(client, token, confirmed_subscriber):
    confirmed_subscriber()
    for name in ("confirm", "manage", "unsubscribe", "delete"):
        for method in ("get", "post"):
            response = getattr(client, method)(f"/alerts/{name}/{token}/")
            assert response.status_code == 404, (name, method, token[:20])
            assert "This link is not recognised" in response.content.decode()


def test_links_stop_working_when_the_details_are_deleted(client, outbox, theme):
    sign_up(client, themes=["neglect"])
    confirm(client, outbox[0])
    subscriber = Subscriber.objects.get()
    manage = f"/alerts/manage/{tokens.make(subscriber, tokens.MANAGE)}/"
    page = client.get(manage).content.decode()
    assert "reader@example.org" not in page and subscriber.email in page
    response = submit(client, manage.replace("/manage/", "/delete/"))
    assert response.status_code == 200
    assert "Your details have been deleted" in response.content.decode()
    assert not Subscriber.objects.exists() and not Digest.objects.exists()
    assert client.get(manage).status_code == 404


def test_link_pages_are_never_cached_or_indexed(client, outbox, theme):
    sign_up(client, themes=["neglect"])
    response = client.get(confirm_link(outbox[0]))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "ETag" not in response
