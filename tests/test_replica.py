"""A streaming read replica (DATABASE_REPLICA_URL): anonymous GET and HEAD requests read it, the
content version included; signed-in staff, the admin, other methods and a visitor's requests
just after their own write read the primary; writes always go to the primary; without a replica
everything reads the primary (reviews_site/db_router.py, ReplicaRoutingMiddleware).

Here the "replica" alias is the test's own connection to the test database (as a TEST MIRROR
would be, but inside the test's transaction, so it sees the test's rows), and the router's
choices are recorded: which database each model was read from."""

import json
import time

import pytest
from django.conf import settings as django_settings
from django.db import connections, router
from django.urls import reverse

from core import versioning
from core.models import ContentVersion
from learning.models import LearningItem
from reviews_site import db_router
from reviews_site.db_router import PRIMARY, REPLICA, ReplicaRouter
from reviews_site.middleware import ReplicaRoutingMiddleware
from tests.factories import LearningItemFactory, ThemeFactory
from tests.html_forms import submit
from tests.test_settings import manage

pytestmark = pytest.mark.django_db
COOKIE = ReplicaRoutingMiddleware.COOKIE
ROUTER = "reviews_site.db_router.ReplicaRouter"


@pytest.fixture
def reads(monkeypatch):
    """(model label, alias) for every read the router sends somewhere."""
    seen = []
    choose = ReplicaRouter.db_for_read

    def recorded(self, model, **hints):
        alias = choose(self, model, **hints)
        seen.append((model._meta.label, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recorded)
    return seen


@pytest.fixture
def replica(db, settings):
    """A configured replica: the alias (sharing the test's connection) and the router."""
    default = connections.settings[PRIMARY]
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": PRIMARY}}
    setattr(connections._connections, REPLICA, connections[PRIMARY])
    settings.DATABASE_ROUTERS = [ROUTER]
    yield
    delattr(connections._connections, REPLICA)
    del connections.settings[REPLICA]


@pytest.fixture
def content(db):
    theme = ThemeFactory(slug="neglect", name="Neglect")
    item = LearningItemFactory(text="Chronic neglect was missed by every agency.", themes=[theme])
    return {
        "home": reverse("home"),
        "theme": theme.get_absolute_url(),
        "item": item.get_absolute_url(),
        "search": reverse("learning:item_list") + "?q=neglect",
        "object": item,
    }


def content_reads(seen):
    """The databases content was read from (not the session and user tables, always the primary)."""
    return {alias for label, alias in seen if label.split(".")[0].lower() not in db_router.PRIMARY_ONLY_APPS}


# The router on its own.


def test_outside_a_routed_request_everything_reads_the_primary():
    ours = ReplicaRouter()
    assert db_router.reading_from() == PRIMARY
    assert ours.db_for_read(LearningItem) == PRIMARY
    with db_router.reads_from(REPLICA):
        assert ours.db_for_read(LearningItem) == REPLICA
        assert ours.db_for_read(ContentVersion) == REPLICA
    assert ours.db_for_read(LearningItem) == PRIMARY


def test_writes_migrations_and_sign_in_tables_stay_on_the_primary(django_user_model):
    from django.contrib.sessions.models import Session

    ours = ReplicaRouter()
    with db_router.reads_from(REPLICA):
        assert ours.db_for_write(LearningItem) == PRIMARY
        assert ours.db_for_write(ContentVersion) == PRIMARY
        assert ours.db_for_read(Session) == PRIMARY
        assert ours.db_for_read(django_user_model) == PRIMARY
    assert ours.allow_migrate(PRIMARY, "learning") is True
    assert ours.allow_migrate(REPLICA, "learning") is False
    assert ours.allow_relation(object(), object()) is True


def test_the_background_recount_thread_reads_the_primary(replica):
    """core/versioning.py recounts on a thread of its own, outside any request's routing."""
    with db_router.reads_from(REPLICA):
        assert router.db_for_read(LearningItem) == REPLICA
        assert versioning.submit(lambda: router.db_for_read(LearningItem)).result(timeout=30) == PRIMARY


# Requests, with a replica.


@pytest.mark.parametrize("page", ["home", "theme", "item", "search"])
def test_an_anonymous_get_reads_the_replica_version_included(replica, reads, content, client, page):
    reads.clear()  # those of building the content
    response = client.get(content[page])
    assert response.status_code == 200
    assert content_reads(reads) == {REPLICA}
    assert ("core.ContentVersion", REPLICA) in reads
    assert COOKIE not in response.cookies


def test_an_anonymous_head_reads_the_replica(replica, reads, content, client):
    reads.clear()
    assert client.head(content["home"]).status_code == 200
    assert content_reads(reads) == {REPLICA}


def test_signed_in_staff_read_the_primary(replica, reads, content, staff_client):
    reads.clear()
    for page in ("home", "item", "search"):
        assert staff_client.get(content[page]).status_code == 200
    assert content_reads(reads) == {PRIMARY}
    assert ("core.ContentVersion", PRIMARY) in reads


def test_the_admin_reads_the_primary_even_before_sign_in(replica, reads, client):
    assert client.get(reverse("admin:login")).status_code == 200
    assert REPLICA not in {alias for _, alias in reads}


def test_a_post_reads_the_primary_and_the_next_requests_too_for_a_while(replica, reads, content, client):
    reads.clear()
    response = client.post(reverse("printing:pack_add"), {"item": content["object"].pk, "next": content["home"]})
    assert response.status_code == 302
    assert content_reads(reads) == {PRIMARY}
    cookie = response.cookies[COOKIE]
    assert cookie["max-age"] == django_settings.READ_PRIMARY_AFTER_WRITE_SECONDS
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert time.time() < int(cookie.value) <= time.time() + django_settings.READ_PRIMARY_AFTER_WRITE_SECONDS

    reads.clear()
    assert client.get(reverse("printing:pack")).status_code == 200  # the visitor sees what they added
    assert client.get(content["home"]).status_code == 200
    assert content_reads(reads) == {PRIMARY}

    reads.clear()
    client.cookies[COOKIE] = str(int(time.time()) - 1)  # as the browser would once it expired
    assert client.get(content["home"]).status_code == 200
    assert content_reads(reads) == {REPLICA}


@pytest.mark.parametrize("value", ["", "soon", str(int(time.time()) + 10**6)])
def test_a_cookie_the_site_did_not_set_is_ignored(replica, reads, content, client, value):
    client.cookies[COOKIE] = value
    reads.clear()
    assert client.get(content["home"]).status_code == 200
    assert content_reads(reads) == {REPLICA}


def test_staff_read_their_own_write_at_once(replica, reads, content, staff_client):
    item = content["object"]
    url = reverse("admin:learning_learningitem_change", args=[item.pk])
    saved = submit(staff_client, url, form_id="learningitem_form", button="_save", text="Wording saved just now.")
    assert saved.status_code == 302
    assert COOKIE in saved.cookies
    reads.clear()
    page = staff_client.get(item.get_absolute_url())
    assert "Wording saved just now." in page.content.decode()
    assert content_reads(reads) == {PRIMARY}


# Without a replica.


def test_the_test_settings_have_no_replica_and_no_router():
    assert REPLICA not in django_settings.DATABASES
    assert django_settings.DATABASE_ROUTERS == []
    assert db_router.replica_configured() is False


def test_without_a_replica_everything_reads_the_primary_and_no_cookie_is_set(settings, reads, content, client):
    settings.DATABASE_ROUTERS = [ROUTER]  # even were the router installed, with no replica alias
    reads.clear()
    assert client.get(content["home"]).status_code == 200
    response = client.post(reverse("printing:pack_add"), {"item": content["object"].pk})
    assert response.status_code == 302
    assert reads and content_reads(reads) == {PRIMARY}
    assert COOKIE not in response.cookies


def test_the_routing_middleware_comes_after_authentication_and_before_the_content_version():
    order = django_settings.MIDDLEWARE
    routing = order.index("reviews_site.middleware.ReplicaRoutingMiddleware")
    assert order.index("django.contrib.auth.middleware.AuthenticationMiddleware") < routing
    assert routing < order.index("core.versioning.ContentVersionMiddleware")


# Settings from the environment.

SCRIPT = (
    "import json; from django.conf import settings; replica = settings.DATABASES.get('replica'); "
    "print(json.dumps({'replica': replica and {key: replica.get(key) for key in "
    "('ENGINE', 'NAME', 'HOST', 'PORT', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS', 'TEST')}, "
    "'routers': settings.DATABASE_ROUTERS, 'seconds': settings.READ_PRIMARY_AFTER_WRITE_SECONDS}))"
)


def test_database_replica_url_adds_the_replica_alias_and_the_router():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SCRIPT,
        DEBUG="1",
        DATABASE_URL="postgres://learning@db-primary:5432/learning",
        DATABASE_REPLICA_URL="postgres://learning@db-replica:5433/learning",
        CONN_MAX_AGE="30",
        READ_PRIMARY_AFTER_WRITE_SECONDS="5",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    replica = found["replica"]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["NAME"], replica["HOST"], replica["PORT"]) == ("learning", "db-replica", 5433)
    assert replica["CONN_MAX_AGE"] == 30 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["OPTIONS"] == {"options": "-c random_page_cost=1.1"}
    assert replica["TEST"]["MIRROR"] == "default"
    assert found["routers"] == [ROUTER]
    assert found["seconds"] == 5


def test_without_database_replica_url_there_is_no_replica_and_no_router():
    result = manage("shell", "--no-imports", "-c", SCRIPT, DEBUG="1", DATABASE_REPLICA_URL="")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {"replica": None, "routers": [], "seconds": 10}
