"""Shared pytest fixtures. Tests build their own data with factories (tests/factories.py);
only tests about the seed content load the seed fixtures (`seeded`)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture(scope="session")
def seeded_session(django_db_setup, django_db_blocker):
    """The seed content loaded once for a whole module of read-only tests."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
    yield


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-staff-password")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
