"""The content version: one number for "what the public site shows", kept in the database.

Anything computed from public content (counts, filter options, the glossary, search
vocabulary) is cached under the current number, so a change anywhere, through any server
process, invalidates it everywhere at once: the next request reads the new number (one
indexed read of one row, once per request) and misses the old entries, which expire.

Content apps say which models count as content with `track()`; a save, delete or tag change
of any of them calls `bump()` in the same transaction, so a rolled-back edit changes nothing.

Counts over the whole corpus (how many items a theme has, facet counts of a common word) cost
hundreds of milliseconds at 100,000 items, and any change could move them. `recent()` keeps
them off the request path: after a change, pages show the counts of the version before while
one background recount (per process, one at a time) brings them up to date. What a page lists
is never from there: only counts, which lag a change by the time the recount takes.
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections
from django.db.models import F, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core.build import build_identifier
from core.models import ContentChange, ContentVersion

# The rows of ContentVersion: one number per scope of what pages show.
CONTENT = 1  # any public content: items, their tags, publications, reviews, the vocabularies
VOCABULARY = 2  # the words and names pages use: themes, age groups, agencies, boards, publications, glossary, synonyms
SCOPES = (CONTENT, VOCABULARY)
_CHANGED = "changed"  # where a read keeps last_changed(), beside the scopes' numbers
TIMEOUT = 60 * 60
_OUTSIDE_A_REQUEST = object()
_memo = ContextVar("content_version", default=_OUTSIDE_A_REQUEST)
_served_earlier = ContextVar("served_earlier_counts", default=False)
_request_values = ContextVar("cached_this_request", default=None)  # key -> value, within a request


def current(scope=CONTENT):
    """The version of `scope` now: read once per request (both scopes in one query), and on
    every call outside one."""
    return _versions()[scope]


def last_changed():
    """When any scope's version last moved (None before any has been stored): read with the
    numbers, in the same one query per request. Pages send it as their Last-Modified."""
    return _versions()[_CHANGED]


def _versions():
    memo = _memo.get()
    if memo is _OUTSIDE_A_REQUEST:
        return _read()
    if memo is None:
        memo = _read()
        _memo.set(memo)
    return memo


def _read():
    values = ContentVersion.objects.filter(pk__in=SCOPES).values_list("pk", "number", "changed")
    rows = {pk: (number, changed) for pk, number, changed in values}
    versions = {scope: rows.get(scope, (0, None))[0] for scope in SCOPES}
    versions[_CHANGED] = max((changed for _, changed in rows.values() if changed is not None), default=None)
    return versions


def bump(*scopes, items=None, **signal_kwargs):
    """Public content has changed: in `scopes` (all of them when none is named, as after bulk
    writes). A signal receiver through `track()`. `items`: the ids of the indexed items the
    change is about, where it is about nothing else (None: it may be about anything)."""
    scopes = scopes or SCOPES
    updated = ContentVersion.objects.filter(pk__in=scopes).update(number=F("number") + 1, changed=timezone.now())
    if updated < len(scopes):
        for scope in scopes:
            ContentVersion.objects.get_or_create(pk=scope, defaults={"number": 2})
    if CONTENT in scopes:
        note_change(items)
    if _memo.get() is not _OUTSIDE_A_REQUEST:
        _memo.set(None)  # this request reads the new numbers next time


CHANGES_KEPT = 10_000  # versions of the change log kept; older ones are pruned now and then
PRUNE_EVERY = 500  # bumps (per process) between prunings
_bumps = 0


def note_change(items):
    """Log what the content version's new number was about, in the bump's transaction: one row
    per item touched, or one row with no item for "anything"."""
    global _bumps
    number = Subquery(ContentVersion.objects.filter(pk=CONTENT).values("number")[:1])
    if items:
        ContentChange.objects.bulk_create([ContentChange(number=number, item=item) for item in sorted(items)])
    else:
        ContentChange.objects.create(number=number, item=None)
    _bumps += 1
    if _bumps % PRUNE_EVERY == 0:
        ContentChange.objects.filter(number__lt=number - CHANGES_KEPT).delete()


MAX_CHANGES_CHECKED = 100  # versions: further behind than this, a kept value is recomputed


def items_changed_since(earlier, version):
    """The ids of the items changed after content version `earlier` up to `version`, or None
    when a change in between may have been about anything (or the log does not cover it)."""
    if version - earlier > MAX_CHANGES_CHECKED:
        return None
    rows = list(ContentChange.objects.filter(number__gt=earlier, number__lte=version).values_list("number", "item"))
    if len({number for number, _ in rows}) < version - earlier or any(item is None for _, item in rows):
        return None
    return {item for _, item in rows}


def _changes_between(earlier, version, remembered):
    """`items_changed_since`, asked once per request for the same two versions."""
    if remembered is None:
        return items_changed_since(earlier, version)
    key = ("changes", earlier, version)
    if key not in remembered:
        remembered[key] = items_changed_since(earlier, version)
    return remembered[key]


def kept_unless_touched(name, compute, touched, timeout=TIMEOUT):
    """`compute()` for the current content version, as `cached()` gives it; after a change, the
    value computed for an earlier version is kept (and stored again under the current one)
    when the change was only about some items and `touched(value, item_ids)` says that none of
    them can alter it. Anything else (a review, the vocabulary, a bulk write, a change too far
    back) computes it again. For what a few items' changes rarely touch: a search's ranking."""
    version = current()
    key = f"content:kept:{name}"
    remembered = _request_values.get()
    if remembered is not None and key in remembered:
        return remembered[key]
    entry = cache.get(key)
    if entry is not None and entry[0] != version:
        items = _changes_between(entry[0], version, remembered)
        if items is None or touched(entry[1], items):
            entry = None
        else:
            cache.set(key, (version, entry[1]), timeout)
    if entry is None:
        entry = (version, compute())
        cache.set(key, entry, timeout)
    if remembered is not None:
        remembered[key] = entry[1]
    return entry[1]


FRAGMENTS = "fragments"  # the cache alias for what is kept per item (settings.CACHES)


def kept_per_item(name, items, draw, variant=None, timeout=TIMEOUT):
    """`draw(item)` for each of `items`, in order, as for the current content version, with what
    was drawn for an earlier version kept for each item the change log says is untouched since:
    after an editor saves one item, a page listing 200 draws one again. Anything not about items
    alone (a review, a publication, the vocabulary, a bulk write, a change too far back) draws
    them all again. `variant(item)`: what else a drawing depends on (a search's passage), part of
    its key. One cache read for them all, one query of the change log when any is from an earlier
    version, one write for those drawn or carried forward to the current version."""
    version, vocabulary = current(), current(VOCABULARY)
    store = caches[FRAGMENTS]
    prefix = f"{build_identifier()[:16]}:{name}:{vocabulary}"  # a deploy may draw them differently
    keys = [f"{prefix}:{item.pk}:{variant(item) if variant else ''}" for item in items]
    found = store.get_many(keys)
    untouched_since = _untouched_since(version, {number for number, _ in found.values()})
    drawn, kept = [], {}
    for key, item in zip(keys, items, strict=True):
        entry = found.get(key)
        if entry is not None and entry[0] != version and not untouched_since(entry[0], item.pk):
            entry = None
        if entry is None:
            entry = (version, draw(item))
            kept[key] = entry
        elif entry[0] != version:
            kept[key] = (version, entry[1])
        drawn.append(entry[1])
    if kept:
        store.set_many(kept, timeout)
    return drawn


def _untouched_since(version, numbers):
    """A test of (earlier version, item id): whether nothing after that version up to `version`
    can have altered what was drawn for the item then, read from the change log in one query for
    all the earlier versions among `numbers`. A version missing from the log counts as a change of
    anything; so does one further back than MAX_CHANGES_CHECKED."""
    earlier = [number for number in numbers if number < version]
    if not earlier:
        return lambda number, item: False
    oldest = max(min(earlier), version - MAX_CHANGES_CHECKED)
    rows = _log_between(oldest, version)
    logged, last_change = set(), {}
    anything = oldest  # the last version that may have been about any item
    for number, item in rows:
        logged.add(number)
        if item is None:
            anything = max(anything, number)
        else:
            last_change[item] = max(last_change.get(item, number), number)
    anything = max([anything, *(number for number in range(oldest + 1, version + 1) if number not in logged)])

    def untouched(number, item):
        return number < version and number >= max(anything, last_change.get(item, anything))

    return untouched


def _log_between(earlier, version):
    """The change log's (number, item) rows after `earlier` up to `version`: read once per request
    (a page drawing several lists of cards asks for the same)."""
    remembered = _request_values.get()
    key = ("log", earlier, version)
    if remembered is None or key not in remembered:
        rows = list(ContentChange.objects.filter(number__gt=earlier, number__lte=version).values_list("number", "item"))
        if remembered is None:
            return rows
        remembered[key] = rows
    return remembered[key]


def cached(name, compute, timeout=TIMEOUT, scope=CONTENT):
    """`compute()`, remembered under the current version of `scope`: a change elsewhere (an
    item's text, for what VOCABULARY keys) leaves it cached."""
    key = f"content:{scope}:{current(scope)}:{name}"
    remembered = _request_values.get()
    if remembered is not None and key in remembered:
        return remembered[key]  # asked before in this request (the glossary, once per card)
    value = cache.get_or_set(key, compute, timeout)
    if remembered is not None:
        remembered[key] = value
    return value


def recent(name, compute, timeout=TIMEOUT):
    """`compute()` for the current content version, or, while that is being computed in the
    background, the value computed for an earlier one. Only the first request after a deploy
    or an expiry waits for `compute()`. With CONTENT_RECOUNT = "inline" (the tests), every
    change is waited for, as with `cached()`."""
    version = current()
    key = f"content:recent:{name}"
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    if entry is None or settings.CONTENT_RECOUNT != "background":
        value = compute()
        cache.set(key, (version, value), timeout)
        return value
    if cache.add(f"{key}:recounting", version, RECOUNT_LOCK_SECONDS):
        submit(_recount, key, version, compute, timeout)
    _served_earlier.set(True)
    return entry[1]


def served_earlier_counts():
    """Whether this request showed counts from before the current content version (while they
    are recounted): its page must not be cached as the current version's."""
    return _served_earlier.get()


RECOUNT_LOCK_SECONDS = 60  # a recount that died (its process killed) is tried again after this
_executor = None
logger = logging.getLogger(__name__)


def submit(function, *args):
    """Run `function(*args)` on this process's one recount thread (made on first use, so after
    the WSGI server has forked its workers), on that thread's own database connection."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="recount")
    return _executor.submit(_on_recount_thread, function, *args)


def _on_recount_thread(function, *args):
    try:
        return function(*args)
    finally:
        connections.close_all()  # the connections of this thread, not of any request's


RECOUNT_ROUNDS = 3  # a recount overtaken by another change counts again, at most this many times


def _recount(key, version, compute, timeout):
    """Count for `version`; if the content moved on while counting (an editor saving item after
    item), count again for the version now current, so the counts catch up with the last change
    without waiting for a visitor to ask after it."""
    try:
        for _ in range(RECOUNT_ROUNDS):
            cache.set(key, (version, compute()), timeout)
            latest = current()
            if latest == version:
                break
            version = latest
    except Exception:
        logger.exception("Recounting %s failed; the counts before it are kept", key)
    finally:
        cache.delete(f"{key}:recounting")


def track(*models, through=(), scopes=SCOPES, subject=None):
    """Count saves and deletes of `models`, and tag changes through `through`, as changes of
    `scopes` (all of them unless named). `subject(sender, **signal_kwargs)` names the ids of the
    indexed items a change is about (None: it may be about anything)."""
    scopes = tuple(scopes)
    uid = "-".join(map(str, scopes))

    def changed(**kwargs):
        bump(*scopes, items=subject(**kwargs) if subject else None)

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"content-version-save-{label}-{uid}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"content-version-delete-{label}-{uid}")
    for table in through:
        uid_tags = f"content-version-tags-{table._meta.label}-{uid}"
        m2m_changed.connect(changed, sender=table, weak=False, dispatch_uid=uid_tags)


@contextmanager
def request_scope():
    """Within it, the content version is read at most once (until content changes), and a
    value `cached()` has given is given again without asking the cache (which unpickles it)."""
    token, earlier, values = _memo.set(None), _served_earlier.set(False), _request_values.set({})
    try:
        yield
    finally:
        _memo.reset(token)
        _served_earlier.reset(earlier)
        _request_values.reset(values)


class ContentVersionMiddleware:
    """Reads the content version at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
