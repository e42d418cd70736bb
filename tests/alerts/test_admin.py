"""Subscribers' addresses in the admin: only superusers and staff given the alerts view
permission; never the Editor or Publisher roles, nor anonymous visitors."""

import pytest
from django.contrib.auth.models import Group, Permission

from reviews.roles import EDITOR, PUBLISHER

pytestmark = pytest.mark.django_db

PAGES = ["/admin/alerts/subscriber/", "/admin/alerts/digest/", "/admin/alerts/"]


@pytest.fixture
def subscriber(confirmed_subscriber):
    return confirmed_subscriber("private.person@example.org")


def test_the_roles_hold_no_alerts_permission():
    for role in (EDITOR, PUBLISHER):
        assert not Group.objects.get(name=role).permissions.filter(content_type__app_label="alerts").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, subscriber):
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_editors_and_publishers_never_see_addresses(client, make_staff, subscriber, role):
    client.force_login(make_staff(role))
    assert "private.person@example.org" not in client.get("/admin/").content.decode()
    assert "Subscribers" not in client.get("/admin/").content.decode()
    for page in PAGES:
        assert client.get(page).status_code in (403, 404), page
    assert client.get(f"/admin/alerts/subscriber/{subscriber.pk}/change/").status_code == 403
    assert client.post(f"/admin/alerts/subscriber/{subscriber.pk}/delete/", {"post": "yes"}).status_code == 403


def test_staff_given_the_view_permission_see_addresses_but_change_nothing(client, make_staff, subscriber):
    user = make_staff(EDITOR)
    user.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(user)
    listing = client.get("/admin/alerts/subscriber/")
    assert listing.status_code == 200 and "private.person@example.org" in listing.content.decode()
    detail = client.get(f"/admin/alerts/subscriber/{subscriber.pk}/change/")
    assert detail.status_code == 200 and 'name="email"' not in detail.content.decode()
    assert client.get("/admin/alerts/subscriber/add/").status_code == 403
    assert client.post(f"/admin/alerts/subscriber/{subscriber.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_superuser_sees_them_and_may_delete_one_on_request(staff_client, subscriber):
    listing = staff_client.get("/admin/alerts/subscriber/?q=private")
    assert "private.person@example.org" in listing.content.decode()
    assert staff_client.get("/admin/alerts/digest/").status_code == 200
    response = staff_client.post(f"/admin/alerts/subscriber/{subscriber.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not type(subscriber).objects.exists()
