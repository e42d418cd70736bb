"""One digest sent through a real SMTP server on the loopback (aiosmtpd), read as it arrived."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tests.alerts.conftest import path_of, run_digests
from tests.factories import LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Learning alerts <alerts@learning.example.org>"
    settings.SITE_URL = "https://learning.example.org"
    yield inbox
    controller.stop()


def test_a_digest_arrives_through_smtp_with_its_headers(smtp_server, confirmed_subscriber, client):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    confirmed_subscriber("smtp.reader@example.org", themes=[theme])
    item = LearningItemFactory(text="Strategy meetings should include the GP.", themes=[theme])
    output = run_digests()
    assert "1 sent" in output
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["smtp.reader@example.org"]
    assert envelope.mail_from == "alerts@learning.example.org"
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Learning from case reviews: 1 new item of learning"
    assert message["From"] == "Learning alerts <alerts@learning.example.org>"
    assert message["To"] == "smtp.reader@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip()  # folded onto its own line: it is long
    assert unsubscribe.startswith("<https://learning.example.org/alerts/unsubscribe/") and unsubscribe.endswith(">")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert item.text in text and item.text in html
    assert unsubscribe.strip("<>") in text
    # The header's link works: a one-click POST unsubscribes.
    assert client.post(path_of(unsubscribe.strip("<>")), {"List-Unsubscribe": "One-Click"}).status_code == 200
    from alerts.models import Subscriber

    assert Subscriber.objects.get().unsubscribed_at is not None
