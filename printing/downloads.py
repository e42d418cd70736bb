"""PDF and Word files: made once per content version and kept in the cache, and never more than
a few made at once, so a burst of downloads cannot take every server process from the rest of
the site.

A file is kept under a key made of the content version (core/versioning.py), read before
anything is printed, and of everything else the file depends on: the address with its query,
the site's address printed on it, the day it is produced on, what the view adds (a training
pack's items) and the printing templates, code and stylesheet. A change to public content (a
withdrawal, say) moves the version on, so the next request makes a new file and an old one is
never served again; it expires unread.

Making a file takes a slot: one of PRINT_CONCURRENCY keys taken with `cache.add`, which is
atomic in Redis (shared by every process) and in the local-memory cache (within a process).
A request that finds every slot taken waits up to PRINT_WAIT_SECONDS for one, but only if one
of the PRINT_QUEUE places in the queue is free; otherwise, or when the wait runs out, it
answers 503 with Retry-After and a page that explains, at once. Two requests for the same file
do not both make it: the second waits (in the queue) for the first's file. A slot, a place or
a file's lock is let go in `finally`, and expires after HOLD_SECONDS should its process be
killed.

With gunicorn's sync workers, a request that waits holds its worker like one making a file, so
keep PRINT_CONCURRENCY + PRINT_QUEUE below the number of workers: the workers left over answer
every other page, and turn away any further downloads in milliseconds. (With the README's three
workers, 2 + 1 let a burst of 50 new PDFs hold all three for 97 s; 2 + 0 turned the burst away
in 12 s.) The local-memory cache is each process's own, so without REDIS_URL the bound, like the
files kept, holds within one process only.
"""

import hashlib
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from core import versioning
from printing import pdf

# Defaults of the settings of the same names with PRINT_ before them.
CONCURRENCY = 2  # files made at once, across every process sharing the cache
QUEUE = 0  # requests that may wait for a slot (or for the same file) at once
WAIT_SECONDS = 5  # how long one of them waits before it is told to try again
CACHE_MAX_BYTES = 10 * 1024 * 1024  # a larger file is served but not kept
CACHE_SECONDS = 60 * 60
HOLD_SECONDS = 120  # longer than the slowest file takes: a killed process's slot frees itself after this
POLL_SECONDS = 0.1
RETRY_AFTER_SECONDS = 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def setting(name, default):
    return getattr(settings, name, default)


class Busy(Exception):
    """Every slot is taken, and the queue is full or the wait ran out."""


class Turn:
    """One request's turn at making a file: what it holds (a file's lock, a place in the queue,
    a slot), and until when it may wait."""

    def __init__(self):
        self.token = uuid.uuid4().hex
        self.deadline = time.monotonic() + max(0, setting("PRINT_WAIT_SECONDS", WAIT_SECONDS))
        self.held = []
        self.place = None
        self.in_slot = False

    def take(self, key):
        if cache.add(key, self.token, HOLD_SECONDS):
            self.held.append(key)
            return True
        return False

    def take_one(self, prefix, count):
        """One of `count` keys "prefix:0", "prefix:1", ...; None when all are taken."""
        return next((key for key in (f"{prefix}:{i}" for i in range(count)) if self.take(key)), None)

    def release(self, key):
        if key in self.held:
            self.held.remove(key)
            if cache.get(key) == self.token:  # not if it expired and another request took it
                cache.delete(key)

    def release_all(self):
        for key in list(self.held):
            self.release(key)

    def wait(self):
        """Wait a moment, holding a place in the queue; False if there is none or time is up."""
        if self.place is None:
            self.place = self.take_one("print:queue", setting("PRINT_QUEUE", QUEUE))
        if self.place is None or time.monotonic() >= self.deadline:
            return False
        time.sleep(POLL_SECONDS)
        return True

    def done_waiting(self):
        if self.place is not None:
            self.release(self.place)
            self.place = None

    @contextmanager
    def slot(self):
        """One of the slots for making a file, while the block runs; Busy if none came free in time."""
        while (slot := self.take_one("print:slot", setting("PRINT_CONCURRENCY", CONCURRENCY))) is None:
            if not self.wait():
                raise Busy
        self.done_waiting()
        self.in_slot = True
        try:
            yield
        finally:
            self.in_slot = False
            self.release(slot)


_turn = ContextVar("print_turn", default=None)


@contextmanager
def making():
    """Around making one file: in a slot, or in the one the request being served already holds."""
    turn = _turn.get()
    if turn is None:  # a file made outside `serve()`
        turn = Turn()
        try:
            with turn.slot():
                yield
        finally:
            turn.release_all()
    elif turn.in_slot:
        yield
    else:
        with turn.slot():
            yield


def serve(request, depends_on, make, back=""):
    """The download `make()` answers, from the cache when it was made before for the same content.

    `depends_on` is what the file depends on besides the content version, the address and the
    day (a pack's items, say); `make()` runs in a slot, taken before it reads anything, and may answer
    something else, such as a page saying there is nothing to print, which is not kept.
    `back` is the handout's page, linked from the page saying the server is busy.
    """
    key = cache_key(request, depends_on)
    entry = cache.get(key)
    if entry is not None:
        return from_entry(entry)
    turn = Turn()
    reset = _turn.set(turn)
    try:
        while not turn.take(f"{key}:making"):  # another request is making this file
            if not turn.wait():
                return busy(request, back)
            entry = cache.get(key)
            if entry is not None:
                return from_entry(entry)
        entry = cache.get(key)  # made in the moment between the first look and the lock
        if entry is not None:
            return from_entry(entry)
        try:
            with turn.slot():  # before anything is read for the file: a busy answer costs nothing
                response = make()
        except Busy:
            return busy(request, back)
        keep(key, response)
        return response
    finally:
        _turn.reset(reset)
        turn.release_all()


def cache_key(request, depends_on=()):
    parts = (
        request.build_absolute_uri("/"),  # the site's address, printed on the file and in its links
        request.path,  # the handout, its arguments and its format
        list(request.GET.lists()),  # in order: a selection's address prints its query as given
        timezone.localdate().isoformat(),  # "Produced on" and the file's name
        layout_fingerprint(),
        tuple(depends_on),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"print:file:{versioning.current()}:{digest}"


def keep(key, response):
    """Keep a download (not a page, not an error) that is not too large and holds no count from
    before the current content version (while one is recounted)."""
    if response.status_code != 200 or not response.get("Content-Disposition", "").startswith("attachment"):
        return
    if versioning.served_earlier_counts():  # a count from before the change: not this version's file
        return
    content = response.content
    if len(content) > setting("PRINT_CACHE_MAX_BYTES", CACHE_MAX_BYTES):
        return
    headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
    cache.set(key, {"content": content, "headers": headers}, CACHE_SECONDS)


def from_entry(entry):
    return HttpResponse(entry["content"], headers=dict(entry["headers"]))


def busy(request, back=""):
    """503, with when to try again and a page that says so, and where the handout can be read now."""
    response = render(request, "printing/busy.html", {"back": back}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@once
def layout_fingerprint():
    """Changes when a deploy changes how handouts are made: this app's code and templates, the
    printing templates and the stylesheet, so files made by the code before are not served."""
    app = Path(__file__).resolve().parent
    templates = Path(settings.BASE_DIR) / "templates" / "printing"
    files = [
        *sorted(app.rglob("*.py")),
        *sorted(app.rglob("*.html")),
        *sorted(templates.rglob("*.html")),
        pdf.static_file("dist/app.css"),
    ]
    digest = hashlib.sha256()
    for path in filter(None, files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
