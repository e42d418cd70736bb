"""Handout timings for `make bench` (python -m benchmarks): the PDF and Word files of the largest seed
theme, of its 7-minute briefing, and of a 200-item training pack, through Django's test client.

Each file is timed twice: made afresh (as the first request after a content change makes it; the
cache is turned off for these runs) and made before, from the cache (printing/downloads.py).

Targets: a PDF within 3 s and a Word file within 1 s for the largest theme, made afresh; a PDF
made before within 50 ms.
"""

from django.test import Client, override_settings

from benchmarks.pages import largest_theme, timed
from learning.models import LearningItem
from printing.pack import CAP, encode

CACHED = " (made before: from the cache)"
TARGETS_MS = {"theme PDF": 3000, "theme Word": 1000, f"theme PDF{CACHED}": 50}
MOST_RUNS = 5  # a PDF takes about a second; five runs give a fair median


def measures(repeat):
    """[(name, p50 ms, p95 ms, SQL queries, size in bytes)]."""
    client = Client()
    theme = largest_theme()
    ids = list(LearningItem.objects.published().in_source_order().values_list("pk", flat=True)[:CAP])
    pack = encode(ids)
    urls = {
        "theme PDF": f"/themes/{theme}/handout.pdf",
        "theme Word": f"/themes/{theme}/handout.docx",
        "theme print page": f"/themes/{theme}/handout/",
        "briefing PDF": f"/themes/{theme}/briefing.pdf",
        "briefing Word": f"/themes/{theme}/briefing.docx",
        f"{len(ids)}-item pack PDF": f"/pack/share/{pack}.pdf",
        f"{len(ids)}-item pack Word": f"/pack/share/{pack}.docx",
    }
    rows = []
    for name, url in urls.items():

        def get(url=url):
            response = client.get(url, HTTP_HOST="localhost")
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        runs = max(1, min(repeat, MOST_RUNS))
        with override_settings(PRINT_CACHE_MAX_BYTES=0):  # nothing kept: every run makes the file
            p50, p95, queries, size = timed(get, runs)
        rows.append((name, p50, p95, queries, size))
        if url.endswith((".pdf", ".docx")):
            p50, p95, queries, size = timed(get, max(1, repeat))  # the first (untimed) run keeps it
            rows.append((name + CACHED, p50, p95, queries, size))
    return theme, rows


def handout_table(stdout, repeat):
    """Time the handouts on the seed content; write and return the table."""
    theme, rows = measures(repeat)
    lines = [
        f"Handouts (seed content; largest theme: {theme})",
        f"{'measure':<52} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>4} {'bytes':>9}",
    ]
    for name, p50, p95, queries, size in rows:
        lines.append(f"{name:<52} {p50:>8.1f} {p95:>8.1f} {queries:>4} {size:>9,}")
    for name, target in TARGETS_MS.items():
        p95 = next(row[2] for row in rows if row[0] == name)
        verdict = "met" if p95 <= target else "MISSED"
        lines.append(f"  target for the {name}: p95 {p95:.0f} ms, at most {target} ms: {verdict}")
    table = "\n".join(lines)
    stdout.write(table + "\n")
    return table
