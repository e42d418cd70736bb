"""The sign-up form: validation, duplicates, not revealing who subscribed, throttling."""

import pytest

from alerts.models import Frequency, Subscriber
from tests.alerts.conftest import confirm, sign_up
from tests.factories import ThemeFactory
from tests.html_forms import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return [ThemeFactory(slug="neglect", name="Neglect"), ThemeFactory(slug="bruising", name="Bruising")]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format, like name@example.com"),
        ("a@b@c.org", "Enter an email address in the correct format"),
        ("someone@example.org\r\nBcc: victim@example.org", "Enter an email address in the correct format"),
        ("x" * 250 + "@example.org", "254 characters or fewer"),
    ],
)
def test_an_invalid_email_is_explained_in_the_error_summary(client, outbox, themes, email, message):
    response = sign_up(client, email, themes=["neglect"])
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert 'href="#email"' in page and 'id="email-error"' in page
    assert "Error: Get email alerts" in page
    assert not Subscriber.objects.exists() and outbox == []


def test_choosing_nothing_or_no_frequency_is_explained(client, outbox, themes):
    response = sign_up(client, themes=[], frequency="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one theme" in page and "Choose how often to get emails" in page
    assert not Subscriber.objects.exists()


def test_unknown_theme_or_frequency_values_are_refused_not_errors(client, themes):
    response = client.post("/alerts/", {"email": "a@example.org", "themes": ["nope", "9" * 99], "frequency": "daily"})
    assert response.status_code == 400
    assert "Choose themes from the list" in response.content.decode()
    response = client.post(
        "/alerts/", {"email": "a@example.org", "use_search": "on", "search": "theme=nope&q=" + "x" * 300}
    )
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_signing_up_a_known_address_looks_the_same_and_makes_no_duplicate(client, outbox, themes):
    first = sign_up(client, "known@example.org", themes=["neglect"])
    confirm(client, outbox[0])
    again = sign_up(client, "KNOWN@example.org", themes=["bruising"], frequency="monthly")
    new = sign_up(client, "new@example.org", themes=["bruising"])
    assert first.status_code == again.status_code == new.status_code == 302
    assert first["Location"] == again["Location"] == new["Location"]
    known = Subscriber.objects.get(email="known@example.org")
    assert Subscriber.objects.count() == 2
    # A confirmed subscriber's choices are not changed by someone else filling in the form.
    assert [theme.slug for theme in known.themes.all()] == ["neglect"] and known.frequency == Frequency.WEEKLY
    assert "already get email alerts" in outbox[1].subject
    assert "/alerts/confirm/" not in outbox[1].body


def test_sign_ups_from_one_address_are_throttled(client, outbox, themes, settings):
    settings.ALERTS_SIGNUPS_PER_ADDRESS = 3
    for _ in range(3):
        assert sign_up(client, "flooded@example.org", themes=["neglect"]).status_code == 302
    response = sign_up(client, "flooded@example.org", themes=["neglect"])
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert len(outbox) == 3
    assert sign_up(client, "someone-else@example.org", themes=["neglect"]).status_code == 302


def test_sign_ups_from_one_client_are_throttled_behind_the_proxy(client, outbox, themes, settings):
    settings.ALERTS_SIGNUPS_PER_CLIENT = 2
    settings.PROXY_COUNT = 1

    def from_client(address, email):
        page = client.get("/alerts/")
        assert page.status_code == 200
        return client.post(
            "/alerts/",
            {"email": email, "themes": ["neglect"], "frequency": "weekly"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.9, {address}",  # the left entry is the client's own claim
        )

    assert from_client("203.0.113.5", "one@example.org").status_code == 302
    assert from_client("203.0.113.5", "two@example.org").status_code == 302
    assert from_client("203.0.113.5", "three@example.org").status_code == 429
    assert from_client("203.0.113.6", "four@example.org").status_code == 302
    assert len(outbox) == 3


def test_the_form_page_costs_a_fixed_number_of_queries(client, themes, django_assert_max_num_queries):
    client.get("/alerts/")  # warm the cached filter options
    with django_assert_max_num_queries(3):
        response = client.get("/alerts/?theme=neglect")
    assert response.status_code == 200


def test_the_form_as_served_posts_what_it_shows(client, outbox, themes):
    response = submit(client, "/alerts/?theme=bruising", email="form@example.org")
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert [theme.slug for theme in subscriber.themes.all()] == ["bruising"]
    assert subscriber.frequency == Frequency.WEEKLY  # the default, ticked on the page
