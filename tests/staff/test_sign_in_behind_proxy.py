"""Behind the reverse proxy, sign-in throttling tells clients apart by the address the proxy saw.

Every request reaches gunicorn from the proxy's address, so throttling on REMOTE_ADDR would let
five failures from anywhere lock a username out for everyone. The client's address is the one
the trusted proxy appended to X-Forwarded-For; anything left of it is what the client sent.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reviews_site.client_address import client_ip

PROXY = "10.0.0.1"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"
PASSWORD = "a-long-staff-password"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def behind_one_proxy(settings):
    settings.PROXY_COUNT = 1


def sign_in(client, password, forwarded_for):
    """Post the admin sign-in form as it arrives through the proxy; True if it let the user in."""
    response = client.post(
        reverse("admin:login"),
        {"username": "jo", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )
    client.logout()
    return response.status_code == 302


def fail_five_times(client, forwarded_for):
    for _ in range(5):
        assert not sign_in(client, "wrong", forwarded_for)


def test_failures_from_one_client_do_not_lock_out_another(client, make_staff, behind_one_proxy):
    make_staff("Editor", username="jo")
    fail_five_times(client, CLIENT_A)

    assert not sign_in(client, PASSWORD, CLIENT_A)
    assert sign_in(client, PASSWORD, CLIENT_B)


def test_a_client_cannot_get_past_its_lockout_by_sending_its_own_forwarded_for(client, make_staff, behind_one_proxy):
    make_staff("Editor", username="jo")
    fail_five_times(client, CLIENT_A)

    # The proxy appends the address it saw to whatever the client sent.
    assert not sign_in(client, PASSWORD, f"{CLIENT_B}, {CLIENT_A}")
    assert not sign_in(client, PASSWORD, f"192.0.2.99, {CLIENT_A}")
    assert sign_in(client, PASSWORD, CLIENT_B)


def test_a_client_cannot_lock_out_another_by_pretending_to_be_it(client, make_staff, behind_one_proxy):
    make_staff("Editor", username="jo")
    fail_five_times(client, f"{CLIENT_B}, {CLIENT_A}")

    assert sign_in(client, PASSWORD, CLIENT_B)
    assert not sign_in(client, PASSWORD, CLIENT_A)


def request_from(remote_addr, forwarded_for=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from(CLIENT_A, CLIENT_B)) == CLIENT_A


def test_the_address_comes_from_the_right_by_the_number_of_proxies(settings):
    settings.PROXY_COUNT = 2
    # client-sent value, the address the outer proxy saw, the outer proxy as the inner one saw it
    assert client_ip(request_from(PROXY, f"192.0.2.99, {CLIENT_A}, 10.0.0.2")) == CLIENT_A
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, f"192.0.2.99,{CLIENT_A}")) == CLIENT_A


def test_odd_headers_fall_back_sensibly(settings):
    settings.PROXY_COUNT = 1
    assert client_ip(request_from(PROXY)) == PROXY  # straight to gunicorn, e.g. a health check
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY
    assert client_ip(request_from(PROXY, f"{CLIENT_A}:5123")) == CLIENT_A
    assert client_ip(request_from(PROXY, "[2001:db8::7]:5123")) == "2001:db8::7"
    settings.PROXY_COUNT = 3
    assert client_ip(request_from(PROXY, f"{CLIENT_A}, 10.0.0.2")) == CLIENT_A  # fewer hops than proxies


def proxy_count_with(**env):
    """PROXY_COUNT as the settings module reads it from the environment at start-up."""
    environment = {key: value for key, value in os.environ.items() if key not in {"BEHIND_PROXY", "PROXY_COUNT"}}
    environment.update(DEBUG="1", **env)
    script = "from django.conf import settings; print(settings.PROXY_COUNT, settings.AXES_CLIENT_IP_CALLABLE)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_behind_proxy_trusts_one_proxy_unless_told_how_many():
    assert proxy_count_with() == ["0", "reviews_site.client_address.client_ip"]
    assert proxy_count_with(BEHIND_PROXY="1")[0] == "1"
    assert proxy_count_with(BEHIND_PROXY="1", PROXY_COUNT="2")[0] == "2"
