"""Which database a query goes to when a streaming read replica is configured (DATABASE_REPLICA_URL).

Writes always go to the primary ("default"). Reads go where the request was routed by
`reviews_site.middleware.ReplicaRoutingMiddleware`, which sends a request to the replica only if
it is a GET or HEAD from a visitor who is not signed in, outside the admin, and not within
READ_PRIMARY_AFTER_WRITE_SECONDS of that visitor's own last write (the `read_primary_until`
cookie). Everything else, and anything outside a request (management commands, the background
recount thread of core/versioning.py, a response streamed after the middleware returned),
reads the primary: the router's choice is a context variable whose default is "default".

A routed request reads *everything* from the one database, the content version included
(core/versioning.py reads it through the ORM like any other model). So what an anonymous page
caches under version V (in Redis, shared by every app server) was computed from a database that
was at version V: the replica replays the primary's transactions in commit order, and a change
bumps the version in its own transaction, so the replica at V holds what the primary held at V.
A lagging replica shows a change a little later, never mixes it with an older version's cache.

The background recount reads the primary, whichever database its request was routed to: it can
then only store counts at least as new as the version it is filed under, and the next request
that reads a newer version recounts. (Reading the replica there, a recount asked for by a staff
request at version V+1 could store the replica's V counts under V+1 until the next change.)

The tables of who is signed in and of sign-in attempts (sessions, auth, axes, admin's log) are
always read from the primary, where they were written a moment before.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "admin"})

_reading_from = ContextVar("reading_from", default=PRIMARY)


def replica_configured():
    """Whether DATABASES has a replica alias (DATABASE_REPLICA_URL was set)."""
    return REPLICA in connections.settings


def reading_from():
    """The alias this request (or thread) reads from: "replica" or "default"."""
    return _reading_from.get()


@contextmanager
def reads_from(alias):
    """Within it, reads of content go to `alias`."""
    token = _reading_from.set(alias)
    try:
        yield
    finally:
        _reading_from.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        return _reading_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica gets the primary's schema by replication
