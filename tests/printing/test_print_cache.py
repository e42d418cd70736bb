"""PDF and Word files from the cache (keyed on the content version) and the few slots for making
them (printing/downloads.py): a file made before comes back without being made again, a change to
content makes a new one, a request that finds every slot taken is told to come back (503), slots
are let go after errors, and a trainer's pack is never another session's file."""

import threading
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import versioning
from core.models import Status
from printing import docx, downloads, pdf
from tests.factories import LearningItemFactory
from tests.printing.conftest import normalise, pdf_text

pytestmark = pytest.mark.django_db

THEME = "child-sexual-exploitation"
THEME_PDF = reverse("printing:theme_handout_pdf", args=[THEME])
THEME_PAGE = reverse("printing:theme_handout", args=[THEME])


@pytest.fixture
def made(monkeypatch):
    """How many PDF and Word files were made (each renderer counts its calls)."""
    counts = {"pdf": 0, "docx": 0}

    def counting(name, module):
        original = module.render

        def render(*args, **kwargs):
            counts[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, "render", render)

    counting("pdf", pdf)
    counting("docx", docx)
    return counts


@pytest.fixture
def slots(settings):
    """Two slots, no waiting unless a test asks for it."""
    settings.PRINT_CONCURRENCY = 2
    settings.PRINT_QUEUE = 0
    settings.PRINT_WAIT_SECONDS = 0
    return settings


def take_every_slot(settings):
    for i in range(settings.PRINT_CONCURRENCY):
        assert cache.add(f"print:slot:{i}", "another-process", 120)


def held_keys():
    keys = [f"print:slot:{i}" for i in range(4)] + [f"print:queue:{i}" for i in range(4)]
    return [key for key in keys if cache.get(key) is not None]


def test_a_file_made_before_comes_from_the_cache_with_the_same_headers(
    client, library, made, slots, django_assert_max_num_queries
):
    first = client.get(THEME_PDF)
    assert first.status_code == 200 and made["pdf"] == 1
    with django_assert_max_num_queries(1):  # the content version; no handout is built
        second = client.get(THEME_PDF)
    assert made["pdf"] == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert dict(second.headers) == dict(first.headers)  # type, file name, length, security headers
    assert second["Content-Disposition"].startswith(f'attachment; filename="{THEME}-summary-')
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"
    assert held_keys() == []

    # Another query or another format is another file.
    client.get(THEME_PDF + "?full=1")
    assert made["pdf"] == 2
    word = reverse("printing:theme_handout_docx", args=[THEME])
    assert client.get(word).content == client.get(word).content
    assert made["docx"] == 1


def test_a_change_to_content_makes_a_new_file_without_a_withdrawn_item(client, library, made, slots):
    withdrawn = library.key_learning
    before, _ = pdf_text(client.get(THEME_PDF).content)
    assert normalise(withdrawn.text) in before

    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    LearningItemFactory(
        publication=library.report, key="new-1", position=60, text="A NEWLY PUBLISHED point.", themes=[library.theme]
    )
    after, _ = pdf_text(client.get(THEME_PDF).content)
    assert made["pdf"] == 2
    assert normalise(withdrawn.text) not in after
    assert "A NEWLY PUBLISHED point." in after
    client.get(THEME_PDF)
    assert made["pdf"] == 2  # and that one is kept in turn


def test_a_new_day_makes_a_new_file(client, library, made, slots, monkeypatch):
    client.get(THEME_PDF)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2099, 1, 1))
    client.get(THEME_PDF)
    assert made["pdf"] == 2


def test_with_every_slot_taken_the_answer_is_503_with_a_page_that_explains(client, library, made, slots):
    take_every_slot(slots)
    response = client.get(THEME_PDF + "?full=1")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Many handouts are being made right now" in html
    assert "Try again in a minute." in html
    assert f'href="{THEME_PAGE}?full=1"' in html  # back to the handout, which prints from the browser
    assert 'class="govuk-heading-l"' in html
    assert made["pdf"] == 0
    # Other pages need no slot. A download of nothing (a theme with no learning yet) is known to be
    # empty only once read, so it waits its turn like any other, then says there is nothing to print.
    assert client.get(THEME_PAGE).status_code == 200
    empty = reverse("printing:theme_handout_pdf", args=["young-carers"])
    assert client.get(empty).status_code == 503
    cache.delete("print:slot:0")
    answer = client.get(empty)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")


def test_a_busy_answer_reads_nothing_for_the_file(client, library, made, slots, monkeypatch):
    """Turned away before the handout is read: a burst of downloads costs the server process that
    answers it a few milliseconds each, not a handout's queries."""
    from printing.views.handouts import ThemeHandoutView

    read = []
    original = ThemeHandoutView.get_handout
    monkeypatch.setattr(
        ThemeHandoutView, "get_handout", lambda self, *a, **k: read.append(1) or original(self, *a, **k)
    )
    take_every_slot(slots)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(THEME_PDF).status_code == 503
    assert read == [] and made["pdf"] == 0
    assert len(queries) <= 3  # the content version, the session-less page's own: no item is read
    cache.delete("print:slot:1")
    assert client.get(THEME_PDF).status_code == 200 and read == [1]  # a slot free: read and made once


def test_a_file_made_before_is_served_even_when_every_slot_is_taken(client, library, made, slots):
    client.get(THEME_PDF)
    take_every_slot(slots)
    assert client.get(THEME_PDF).status_code == 200
    assert made["pdf"] == 1


def test_a_request_waits_in_the_queue_for_a_slot_to_come_free(client, library, made, slots):
    slots.PRINT_QUEUE = 1
    slots.PRINT_WAIT_SECONDS = 10
    take_every_slot(slots)
    threading.Timer(0.3, cache.delete, ["print:slot:1"]).start()
    start = time.monotonic()
    response = client.get(THEME_PDF)
    assert response.status_code == 200 and made["pdf"] == 1
    assert time.monotonic() - start >= 0.3
    assert held_keys() == ["print:slot:0"]  # only the other process's


def test_the_wait_is_bounded_and_so_is_the_queue(client, library, made, slots):
    slots.PRINT_QUEUE = 1
    slots.PRINT_WAIT_SECONDS = 0.3
    take_every_slot(slots)
    start = time.monotonic()
    assert client.get(THEME_PDF).status_code == 503
    assert 0.3 <= time.monotonic() - start < 3
    assert cache.get("print:queue:0") is None  # its place in the queue let go

    slots.PRINT_WAIT_SECONDS = 30
    assert cache.add("print:queue:0", "another-process", 120)  # the queue is full: no wait at all
    start = time.monotonic()
    assert client.get(THEME_PDF).status_code == 503
    assert time.monotonic() - start < 3
    assert made["pdf"] == 0


def test_slots_are_let_go_when_making_a_file_fails(library, made, slots, monkeypatch):
    slots.PRINT_CONCURRENCY = 1
    original = pdf.render

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(pdf, "render", broken)
    client = Client(raise_request_exception=False)
    assert client.get(THEME_PDF).status_code == 500
    assert client.get(THEME_PDF).status_code == 500  # not 503: the one slot was let go
    assert held_keys() == []
    assert cache.get(f"{theme_pdf_key()}:making") is None  # nor the file's lock

    monkeypatch.setattr(pdf, "render", original)
    response = client.get(THEME_PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def theme_pdf_key():
    request = RequestFactory().get(THEME_PDF)
    return downloads.cache_key(request)


def test_a_second_request_for_a_file_being_made_waits_for_it_instead_of_making_it(client, library, made, slots):
    slots.PRINT_QUEUE = 1
    slots.PRINT_WAIT_SECONDS = 10
    key = theme_pdf_key()
    assert cache.add(f"{key}:making", "the-first-request", 120)
    made_by_the_first = {
        "content": b"%PDF- made by the first request",
        "headers": [("Content-Type", "application/pdf"), ("Content-Disposition", 'attachment; filename="x.pdf"')],
    }
    threading.Timer(0.3, cache.set, [key, made_by_the_first]).start()
    response = client.get(THEME_PDF)
    assert response.status_code == 200
    assert response.content == made_by_the_first["content"]
    assert made["pdf"] == 0

    # With no room to wait, the second request is turned away rather than making it too.
    cache.delete(key)
    slots.PRINT_QUEUE = 0
    assert client.get(THEME_PDF).status_code == 503
    assert made["pdf"] == 0


def test_the_key_is_the_content_version_and_what_the_file_depends_on(library, slots):
    key = theme_pdf_key()
    assert key.startswith(f"print:file:{versioning.current()}:")
    factory = RequestFactory()
    assert downloads.cache_key(factory.get(THEME_PDF, {"full": "1"})) != key
    assert downloads.cache_key(factory.get(THEME_PDF, HTTP_HOST="localhost")) != key
    assert downloads.cache_key(factory.get(THEME_PDF), ("pack", 1)) != key
    versioning.bump()
    assert theme_pdf_key() != key


def test_a_file_too_large_to_keep_is_made_each_time(client, library, made, slots):
    slots.PRINT_CACHE_MAX_BYTES = 1000
    client.get(THEME_PDF)
    client.get(THEME_PDF)
    assert made["pdf"] == 2


def test_a_pack_file_is_never_another_sessions(library, made, slots, django_assert_max_num_queries):
    add = reverse("printing:pack_add")
    pack_pdf = reverse("printing:pack_handout_pdf")
    first, second, third = Client(), Client(), Client()
    first.post(add, {"item": library.good.pk})
    second.post(add, {"item": library.national.pk})

    mine = first.get(pack_pdf)
    assert mine["Content-Type"] == "application/pdf"
    assert "private" in mine["Cache-Control"]
    with django_assert_max_num_queries(2):  # the session and the content version
        again = first.get(pack_pdf)
    assert again.content == mine.content and "private" in again["Cache-Control"]
    assert made["pdf"] == 1

    theirs, _ = pdf_text(second.get(pack_pdf).content)
    assert made["pdf"] == 2
    assert normalise(library.national.text) in theirs
    assert normalise(library.good.text) not in theirs

    empty = third.get(pack_pdf)  # no pack at all: no file, and certainly not someone else's
    assert empty["Content-Type"].startswith("text/html")
    assert b"Your training pack is empty" in empty.content

    # A change to the pack is a new file.
    first.post(add, {"item": library.national.pk})
    both, _ = pdf_text(first.get(pack_pdf).content)
    assert normalise(library.national.text) in both and normalise(library.good.text) in both
    assert made["pdf"] == 3


def test_a_file_made_while_counts_are_recounted_is_not_kept(client, library, made, slots, monkeypatch):
    """A handout made while its counts are the ones from before a change says an old number: it is
    served, but not kept under the new version (the next request makes it again, with the recount)."""
    monkeypatch.setattr(versioning, "served_earlier_counts", lambda: True)
    assert client.get(THEME_PDF).status_code == 200
    assert client.get(THEME_PDF).status_code == 200
    assert made["pdf"] == 2
    monkeypatch.setattr(versioning, "served_earlier_counts", lambda: False)
    client.get(THEME_PDF)
    client.get(THEME_PDF)
    assert made["pdf"] == 3
