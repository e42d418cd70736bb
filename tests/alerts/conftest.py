import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Frequency, Subscriber
from tests.html_forms import served_form, submit

LINK = re.compile(r"https?://[^\s\"<>]+")


def links_in(message):
    """Every address in an email's plain text."""
    return LINK.findall(message.body)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def sign_up(client, email="practitioner@example.org", themes=(), frequency="weekly", url="/alerts/", **changes):
    """Fill in the served form as a person would and press Subscribe."""
    return submit(client, url, email=email, themes=list(themes), frequency=frequency, **changes)


def confirm_link(message):
    return next(path_of(url) for url in links_in(message) if "/alerts/confirm/" in url)


def confirm(client, message):
    """Open the confirmation link from an email and press its button."""
    url = confirm_link(message)
    page = client.get(url)
    assert page.status_code == 200
    form = served_form(page.content.decode(), index=0)
    return client.post(form["attrs"]["action"], dict(form["fields"]))


def run_digests(at=None, *args):
    """`manage.py send_digests` as if run at `at` (default: now); its output."""
    from io import StringIO

    out = StringIO()
    when = at or timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=when):
        call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def next_week(when=None):
    return (when or timezone.now()) + timedelta(days=7)


@pytest.fixture
def confirmed_subscriber(db):
    """A weekly subscriber who confirmed long ago (so a digest is due now)."""

    def make(email="reader@example.org", themes=(), frequency=Frequency.WEEKLY, search="", ago=timedelta(days=60)):
        subscriber = Subscriber.objects.create(email=email, frequency=frequency, search=search)
        subscriber.themes.set(themes)
        Subscriber.objects.filter(pk=subscriber.pk).update(
            created=timezone.now() - ago, confirmed_at=timezone.now() - ago
        )
        subscriber.refresh_from_db()
        return subscriber

    return make


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def make_staff(db, django_user_model):
    from django.contrib.auth.models import Group

    def make(role=None):
        user = django_user_model.objects.create_user(
            f"{(role or 'nobody').lower()}-user", password="a-long-staff-password", is_staff=True
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make
