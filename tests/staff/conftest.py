import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def make_staff(db, django_user_model):
    def make(role=None, username=None):
        user = django_user_model.objects.create_user(
            username or f"{(role or 'nobody').lower()}-user", password="a-long-staff-password", is_staff=True
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("Editor")


@pytest.fixture
def publisher(make_staff):
    return make_staff("Publisher")


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
