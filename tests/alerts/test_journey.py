"""A practitioner subscribes to two themes, confirms, a new item is published in one of them,
the digest command sends one email with that item and a working unsubscribe link."""

from datetime import timedelta

import pytest
from django.test import Client

from alerts.models import Digest, DigestStatus, Subscriber
from core.models import Status
from tests.alerts.conftest import confirm, confirm_link, links_in, next_week, path_of, run_digests, sign_up
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_subscribe_confirm_receive_one_digest_and_unsubscribe(client, outbox):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    bruising = ThemeFactory(slug="bruising", name="Bruising")
    other = ThemeFactory(slug="housing", name="Housing")

    # From the theme page's "Get email alerts" link: the theme is ticked already.
    theme_page = client.get("/themes/neglect/").content.decode()
    assert 'href="/alerts/?theme=neglect"' in theme_page
    form_page = client.get("/alerts/?theme=neglect").content.decode()
    assert 'value="neglect" checked' in form_page

    response = sign_up(client, "Practitioner@Example.org", themes=["neglect", "bruising"], url="/alerts/?theme=neglect")
    assert response.status_code == 302 and response["Location"] == "/alerts/check-your-email/"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "practitioner@example.org"
    assert set(subscriber.themes.all()) == {neglect, bruising}
    assert subscriber.confirmed_at is None
    [confirmation] = outbox
    assert confirmation.to == ["practitioner@example.org"]
    assert "List-Unsubscribe" in confirmation.extra_headers

    # Opening the link only shows a button; pressing it confirms.
    client.get(confirm_link(confirmation))
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    page = confirm(client, confirmation)
    assert page.status_code == 200 and "Email alerts confirmed" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    new_item = LearningItemFactory(text="Health visitors should see the baby at home.", themes=[neglect])
    LearningItemFactory(text="A draft nobody may see yet.", themes=[neglect], status=Status.DRAFT)
    LearningItemFactory(
        text="In a draft publication.", themes=[bruising], publication=PublicationFactory(status=Status.DRAFT)
    )
    LearningItemFactory(text="About housing only.", themes=[other])

    outbox.clear()
    output = run_digests(next_week())
    assert "1 sent" in output
    [digest] = outbox
    assert digest.to == ["practitioner@example.org"]
    assert "Health visitors should see the baby at home." in digest.body
    assert "draft" not in digest.body.lower() and "housing only" not in digest.body
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html" and "Health visitors should see the baby at home." in html
    assert f"/learning/{new_item.publication.slug}/{new_item.key}/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert header_url in links_in(digest)
    assert Digest.objects.get().status == DigestStatus.SENT

    # The item's link works.
    item_url = next(url for url in links_in(digest) if "/learning/" in url)
    assert client.get(path_of(item_url)).status_code == 200

    # The unsubscribe link shows a button on GET; a mail program's one-click POST (RFC 8058,
    # no CSRF token) unsubscribes.
    assert "Unsubscribe" in client.get(path_of(header_url)).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path_of(header_url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None

    LearningItemFactory(text="Published after unsubscribing.", themes=[neglect])
    outbox.clear()
    run_digests(next_week() + timedelta(days=7))
    run_digests(next_week() + timedelta(days=40))
    assert outbox == []


def test_the_results_page_offers_alerts_for_its_search(client, outbox, confirmed_subscriber):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    results = client.get("/learning/?q=supervision&theme=neglect&page=2").content.decode()
    assert "/alerts/?search=" in results
    href = results.split('href="/alerts/?search=', 1)[1].split('"', 1)[0]
    form_page = client.get("/alerts/?search=" + href.replace("&amp;", "&")).content.decode()
    assert "Search words: supervision" in form_page and "Theme: Neglect" in form_page
    response = sign_up(client, "searcher@example.org", url="/alerts/?search=" + href.replace("&amp;", "&"))
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.search == "q=supervision&theme=neglect"  # the page number is not part of it
    assert not subscriber.themes.exists()
    confirm(client, outbox[0])

    found = LearningItemFactory(text="Supervision must challenge drift in neglect cases.", themes=[neglect])
    LearningItemFactory(text="Supervision in another theme.", themes=[ThemeFactory()])
    LearningItemFactory(text="Neglect without the word.", themes=[neglect])
    outbox.clear()
    run_digests(next_week())
    [digest] = outbox
    assert found.text in digest.body
    assert "another theme" not in digest.body and "without the word" not in digest.body
    assert "Your search: Search words: supervision; Theme: Neglect" in digest.body
