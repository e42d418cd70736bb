"""The privacy page says which cookies the site sets and what alerts keep, from the settings."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_privacy_page_lists_every_cookie_and_what_alerts_keep(client):
    page = client.get("/")
    assert 'href="/privacy/"' in page.content.decode()
    response = client.get("/privacy/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Privacy and cookies" in text
    for cookie in (settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"):
        assert f">{cookie}<" in text
    assert f"{settings.CSRF_COOKIE_AGE // 86400} days" in text
    assert "read_primary_until" not in text  # set only when a read replica is configured
    assert "your email address" in text and "(your consent)" in text
    assert f"deleted {settings.ALERTS_CONFIRM_DAYS} days after you signed up" in text
    assert "Delete my details" in text


def test_the_contact_comes_from_the_setting(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@partnership.example.org"
    assert "mailto:dpo@partnership.example.org" in client.get("/privacy/").content.decode()
    settings.PRIVACY_CONTACT_EMAIL = ""
    assert "mailto:" not in client.get("/privacy/").content.decode()


def test_the_read_replica_cookie_is_listed_when_there_is_one(client, settings):
    settings.DATABASE_ROUTERS = ["reviews_site.db_router.ReplicaRouter"]
    assert "read_primary_until" in client.get("/privacy/").content.decode()


def test_the_privacy_page_costs_no_content_query(client, django_assert_max_num_queries):
    client.get("/privacy/")
    with django_assert_max_num_queries(2):
        assert client.get("/privacy/").status_code == 200
