"""Shared pytest fixtures. Tests build their own data with factories (tests/factories.py);
only tests about the seed content load the seed fixtures (`seeded`)."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _clear_cache():
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """The seed content loaded once for a module of read-only tests, removed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
    yield
    with django_db_blocker.unblock():
        remove_content()


def remove_content():
    from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Synonym, Theme
    from reviews.models import Board, Publication, Review, Section
    from search.models import SearchDocument, Term

    for model in (SearchDocument, Term, LearningItem, Section, Review, Publication, Board):
        model.objects.all().delete()
    for model in (Theme, AgeGroup, Audience, GlossaryTerm, Synonym):
        model.objects.all().delete()
        model.history.all().delete()
    for model in (LearningItem, Section, Review, Publication, Board):
        model.history.all().delete()


@pytest.fixture
def seeded_db(seeded_module, db):
    """Per-test access to the module's seed content."""


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-staff-password")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
