"""`make load LOAD_ARGS="--pdf-burst 50"`: do pages still answer in time while PDFs are made?

Within `make load`'s gunicorn (the README's three workers), after the page loads: first the
chosen pages are fetched one after another for `--duration` seconds, as one visitor would, and
timed. Then `--pdf-burst` clients ask for PDFs that were never made, each a different file (the
largest themes' handouts, each with a query that the file cache keys on), again and again for the
same time: a busy answer (503) is followed by a second's pause and another file. Meanwhile the same
pages are fetched and timed again. The report gives each page's p50 and p95 before and during the
burst, against the warm target (50 ms p95), and what the PDF clients got: files made and how long
they took, busy answers, errors.

The print slots (printing/downloads.py) are shared through the cache, so this needs the shared
cache the README deploys with: Redis (`--redis-url`, by default the machine's own on 127.0.0.1),
under a key prefix of this run's own, whose keys are deleted afterwards.
"""

import http.client
import itertools
import threading
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field

from benchmarks.client import HOST, get, percentile

PAGE_TARGET_MS = 50  # a public page's p95, warm (issue 17)
PDF_TIMEOUT_SECONDS = 120
PAUSE_AFTER_BUSY_SECONDS = 1.0
THEMES = 10  # the burst cycles through the handouts of this many of the largest themes


@dataclass
class Timings:
    by_page: dict = field(default_factory=dict)  # page name -> [ms]
    failures: Counter = field(default_factory=Counter)  # page name -> answers other than 200

    def add(self, name, ms, status):
        self.by_page.setdefault(name, []).append(ms)
        if status != 200:
            self.failures[name] += 1

    def p(self, name, q):
        ordered = sorted(self.by_page.get(name, []))
        return percentile(ordered, q) if ordered else float("nan")


def fetch_pages(port, pages, seconds, stop=None):
    """The pages one after another, as one visitor, for `seconds`: each one's times."""
    timings = Timings()
    deadline = time.monotonic() + seconds
    for page in itertools.cycle(pages):
        if time.monotonic() >= deadline or (stop is not None and stop.is_set()):
            break
        start = time.perf_counter()
        try:
            status, _ = get(port, page.path, timeout=30)
        except (OSError, http.client.HTTPException):
            status = "error"
        timings.add(page.name, (time.perf_counter() - start) * 1000, status)
    return timings


class Burst:
    """`clients` threads asking for PDFs never made before, until stopped."""

    def __init__(self, port, themes, clients):
        self.port, self.themes, self.clients = port, themes, clients
        self.stop = threading.Event()
        self.numbers = itertools.count()
        self.lock = threading.Lock()
        self.answers = Counter()
        self.made_ms = []
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(clients)]

    def path(self, n):
        return f"/themes/{self.themes[n % len(self.themes)]}/handout.pdf?copy=burst-{n}"

    def client(self):
        while not self.stop.is_set():
            path = self.path(next(self.numbers))
            start = time.perf_counter()
            try:
                status, _ = get(self.port, path, timeout=PDF_TIMEOUT_SECONDS)
            except (OSError, http.client.HTTPException):
                status = "error"
            with self.lock:
                self.answers[status] += 1
                if status == 200:
                    self.made_ms.append((time.perf_counter() - start) * 1000)
            if status != 200:
                self.stop.wait(PAUSE_AFTER_BUSY_SECONDS)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        started = time.monotonic()
        for thread in self.threads:
            thread.join(PDF_TIMEOUT_SECONDS + 5)
        self.drained_seconds = time.monotonic() - started


def largest_themes(count):
    from django.db.models import Count

    from learning.models import Theme

    themes = Theme.objects.annotate(n=Count("items")).order_by("-n", "slug").values_list("slug", flat=True)
    return list(themes[:count])


def run_burst(port, pages, options, out):
    """The burst's table, and whether every page stayed within its target with no failure."""
    seconds = max(1, min(options.duration, 300))
    out.write(f"Fetching {len(pages)} pages one after another for {seconds} s, before a burst of PDFs…\n")
    before = fetch_pages(port, pages, seconds)
    out.write(f"…and again, while {options.pdf_burst} clients ask for PDFs never made before…\n")
    with Burst(port, largest_themes(THEMES), options.pdf_burst) as burst:
        time.sleep(1)  # every client has sent its first request
        during = fetch_pages(port, pages, seconds)
    lines = [
        f"A burst of {options.pdf_burst} PDF clients (gunicorn --workers {options.workers} on {HOST}:{port}, "
        f"Redis for the shared print slots): each page fetched by one visitor, before and during",
        f"{'page':<34} {'before p50':>10} {'p95':>7} {'n':>5}   {'during p50':>10} {'p95':>7} {'n':>5} {'failed':>6}  "
        f"target p95 {PAGE_TARGET_MS} ms",
    ]
    within = True
    for page in pages:
        p95 = during.p(page.name, 95)
        ok = p95 <= PAGE_TARGET_MS and not during.failures[page.name]
        within &= ok
        lines.append(
            f"{page.name:<34} {before.p(page.name, 50):>10.1f} {before.p(page.name, 95):>7.1f} "
            f"{len(before.by_page.get(page.name, [])):>5}   {during.p(page.name, 50):>10.1f} {p95:>7.1f} "
            f"{len(during.by_page.get(page.name, [])):>5} {during.failures[page.name]:>6}  {'ok' if ok else 'ABOVE'}"
        )
    made = sorted(burst.made_ms)
    asked = sum(burst.answers.values())
    others = asked - burst.answers[200] - burst.answers[503]
    lines.append(
        f"PDFs asked for {asked:,} in {seconds + 1} s: made {burst.answers[200]:,} "
        f"(p50 {percentile(made, 50) if made else float('nan'):,.0f} ms, p95 "
        f"{percentile(made, 95) if made else float('nan'):,.0f} ms), busy (503, Retry-After) "
        f"{burst.answers[503]:,}, other answers or errors {others:,}; the last answered "
        f"{burst.drained_seconds:.1f} s after the burst stopped"
    )
    table = "\n".join(lines)
    out.write(table + "\n\n")
    return table, not within or others > 0


def redis_settings(prefix):
    """Lines for the load's settings module: the shared cache on Redis, under this run's prefix."""
    return (
        "\nCACHES = {\n"
        f'    **CACHES,\n    "default": {{**CACHES["default"], "KEY_PREFIX": {prefix!r}}},\n'
        f'    "pages": {{**CACHES["pages"], "KEY_PREFIX": {prefix + "-pages"!r}}},\n'
        f'    "fragments": {{**CACHES["fragments"], "KEY_PREFIX": {prefix + "-fragments"!r}}},\n}}\n'
    )


def delete_keys(redis_url, prefix):
    """Every key this run left in Redis (Django's keys start with the prefix and a colon)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    with suppress(redis.RedisError):
        for pattern in (f"{prefix}:*", f"{prefix}-pages:*", f"{prefix}-fragments:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
