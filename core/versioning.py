"""The content version: one number for "what the public site shows", kept in the database.

Anything computed from public content (counts, filter options, the glossary, search
vocabulary) is cached under the current number, so a change anywhere, through any server
process, invalidates it everywhere at once: the next request reads the new number (one
indexed read of one row, once per request) and misses the old entries, which expire.

Content apps say which models count as content with `track()`; a save, delete or tag change
of any of them calls `bump()` in the same transaction, so a rolled-back edit changes nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.models import ContentVersion

ROW = 1
TIMEOUT = 60 * 60
_OUTSIDE_A_REQUEST = object()
_memo = ContextVar("content_version", default=_OUTSIDE_A_REQUEST)


def current():
    """The content version now: read once per request, and on every call outside one."""
    memo = _memo.get()
    if memo is _OUTSIDE_A_REQUEST:
        return _read()
    if memo is None:
        memo = _read()
        _memo.set(memo)
    return memo


def _read():
    number = ContentVersion.objects.filter(pk=ROW).values_list("number", flat=True).first()
    return number if number is not None else 0


def bump(**kwargs):
    """Signal receiver (and a plain call after bulk writes): public content has changed."""
    updated = ContentVersion.objects.filter(pk=ROW).update(number=F("number") + 1, changed=timezone.now())
    if not updated:
        ContentVersion.objects.get_or_create(pk=ROW, defaults={"number": 2})
    if _memo.get() is not _OUTSIDE_A_REQUEST:
        _memo.set(None)  # this request reads the new number next time


def cached(name, compute, timeout=TIMEOUT):
    """`compute()`, remembered under the current content version."""
    return cache.get_or_set(f"content:{current()}:{name}", compute, timeout)


def track(*models, through=()):
    """Count saves and deletes of `models`, and tag changes through `through`, as content changes."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"content-version-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"content-version-delete-{label}")
    for table in through:
        m2m_changed.connect(bump, sender=table, dispatch_uid=f"content-version-tags-{table._meta.label}")


@contextmanager
def request_scope():
    """Within it, the content version is read at most once (until content changes)."""
    token = _memo.set(None)
    try:
        yield
    finally:
        _memo.reset(token)


class ContentVersionMiddleware:
    """Reads the content version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
