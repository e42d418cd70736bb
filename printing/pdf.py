"""PDF handouts: WeasyPrint renders the same HTML template the print page uses.

The page margins (title at the top, page numbers at the bottom) come from the @page rules in
assets/scss/_print.scss. Stylesheets are read from disk through the static files machinery:
WeasyPrint never fetches anything over the network.

Laying out a PDF takes whole seconds of CPU, so it is not done in the process that answers
requests: each server process hands it to a child of its own (one, started at the first PDF and
kept), which runs at a lower CPU priority (PRINT_NICENESS, 19 by default: the lowest). While PDFs
are being made the cores go first to the processes answering pages, and a burst of downloads
slows only the downloads. The child is a fresh interpreter (spawned, not forked: nothing of the
server's connections is copied into it), ends itself if that process is killed, and is replaced
after CHILD_TASKS files, so memory the layout engine keeps cannot grow without end.
PRINT_NICENESS=0 lays PDFs out in the request's own process instead. How many are made at once,
across every process, is bounded in downloads.py.
"""

import mimetypes
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_file(name):
    """The file on disk for a static name: collected (production) or found in the sources."""
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):  # remote storage, or a name outside the root
        pass
    found = finders.find(name)
    return Path(found) if found else None


class StaticFilesFetcher(URLFetcher):
    """Serves this site's static files from disk and refuses every other address."""

    def __init__(self, base_url):
        super().__init__(timeout=1)
        self.static_root_url = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if url.startswith(self.static_root_url):
            name = unquote(urlsplit(url).path)[len(urlsplit(self.static_root_url).path) :]
            path = static_file(name) if ".." not in name.split("/") else None
            if path is not None and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        raise ValueError(f"Handouts only load this site's static files from disk, not {url}")


NICENESS = 19  # the default of PRINT_NICENESS
CHILD_TASKS = 50  # files a child makes before a fresh one takes its place
TIMEOUT_SECONDS = 110  # below downloads.HOLD_SECONDS, after which a file's slot is given to another
PARENT_CHECK_SECONDS = 1


def render(html, base_url):
    """PDF bytes for an HTML handout; `base_url` is the site's root (for links and static files).

    Laid out in this process's child, at a lower priority (see above); again in a fresh child if
    the first one died (killed, out of memory) while making it.
    """
    niceness = getattr(settings, "PRINT_NICENESS", NICENESS)
    if niceness <= 0:
        return lay_out(html, base_url)
    try:
        return _child(niceness).submit(lay_out, html, base_url).result(timeout=TIMEOUT_SECONDS)
    except BrokenProcessPool:
        _forget_child()
        return _child(niceness).submit(lay_out, html, base_url).result(timeout=TIMEOUT_SECONDS)


_children = {}  # this process's child, by niceness (a setting changed in the tests starts another)
_children_lock = threading.Lock()


def _child(niceness):
    with _children_lock:
        key = (os.getpid(), niceness)  # a forked server process starts its own
        if key not in _children:
            _children[key] = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
                initargs=(niceness,),
                max_tasks_per_child=CHILD_TASKS,
            )
        return _children[key]


def _forget_child():
    with _children_lock:
        for key in [key for key in _children if key[0] == os.getpid()]:
            _children.pop(key).shutdown(wait=False, cancel_futures=True)


def _start_child(niceness):
    """In the child, before its first file: the lower priority, a watch on the server process
    that started it, and Django's settings and apps (the static files it reads stylesheets
    through), from the environment it was started in."""
    os.nice(niceness)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    import django

    django.setup()


def _end_with_parent(parent, every=PARENT_CHECK_SECONDS):
    """A server process killed outright (gunicorn's timeout, a SIGKILL) cannot stop its child, whose
    end of the task queue stays open: the child ends itself once its parent is gone."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def lay_out(html, base_url):
    """PDF bytes, laid out here by WeasyPrint."""
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url), media_type="print")
    # A tagged PDF: headings, lists and reading order for screen readers (and the language, from <html lang>).
    return document.write_pdf(pdf_tags=True)
