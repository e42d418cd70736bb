"""Wagtail's database search backend over the same corpus, for comparison: `make bench-wagtail`.

Wagtail is not one of the site's dependencies, so this runs in a virtual environment of its own
(`.venv-wagtail`, `requirements-wagtail.txt`) with settings of its own, and never imports the site.
It copies every published item's title and text from `--source-url` (a database made by
`python -m benchmarks --build-corpus N`, only read) into `--database-url` (a new database; once
it holds the copy, later runs only time), indexes them with Wagtail's own `update_index`, then times each
of `make bench`'s searches as a Wagtail site would serve a results page: the 20 best by
relevance, and how many match.

    make bench-wagtail WAGTAIL_ARGS="--source-url postgres://postgres@127.0.0.1:5432/p100 \
        --database-url postgres://postgres@127.0.0.1:5432/w100"
"""

import argparse
import statistics
import sys
import time
from urllib.parse import urlparse

# make bench's searches (benchmarks/pages.py: SEARCHES, QUESTION, BROADENED_QUESTION), as typed.
SEARCHES = {
    "common word": "child",
    "rare word": "pathology",
    "phrase": '"think family"',
    "misspelling": "negelct",
    "question, 8 words": "what should a health visitor do about bruising on babies",
    "question, broadened": "why would a baby who cannot crawl have bruising",
}
PAGE_SIZE = 20


def database(url):
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"{url}: a PostgreSQL address is needed (Wagtail's database backend on PostgreSQL)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def configure(url):
    from django.conf import settings

    settings.configure(
        DATABASES={"default": database(url)},
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "taggit",
            "wagtail",
            "wagtail.search",
            "benchmarks.wagtail.corpus",
        ],
        WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "wagtail.search.backends.database"}},
        USE_TZ=True,
        STATIC_URL="/static/",
        WAGTAIL_SITE_NAME="Wagtail beside the learning-review site",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    import django

    django.setup()


def copy_items(source_url, out):
    """Every published item's title and text, from the source database, in one COPY each way."""
    import io

    import psycopg2
    from django.db import connection

    from benchmarks.wagtail.corpus.models import Item

    if Item.objects.exists():
        raise SystemExit("The Wagtail database already holds items: give a new one")
    buffer = io.StringIO()
    with psycopg2.connect(source_url) as source, source.cursor() as cursor:
        cursor.copy_expert(
            "COPY (SELECT id, title, text FROM learning_learningitem WHERE status = 'published') TO STDOUT", buffer
        )
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert("COPY wagtail_corpus_item (id, title, text) FROM STDIN", buffer)
    out.write(f"Copied {Item.objects.count():,} items\n")


def timed(function, repeat):
    function()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    return statistics.median(durations), durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))], result


def search_page(raw):
    from wagtail.search.backends import get_search_backend
    from wagtail.search.utils import parse_query_string

    from benchmarks.wagtail.corpus.models import Item

    filters, query = parse_query_string(raw)
    results = get_search_backend().search(query, Item.objects.all())
    return len(list(results[:PAGE_SIZE])), results.count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-url", required=True, help="The corpus to copy (only read).")
    parser.add_argument("--database-url", required=True, help="A new PostgreSQL database for Wagtail's copy.")
    parser.add_argument("--repeat", type=int, default=20, help="Timed runs per search.")
    options = parser.parse_args(argv)
    out = sys.stdout
    configure(options.database_url)
    from django.core.management import call_command

    from benchmarks.wagtail.corpus.models import Item

    call_command("migrate", run_syncdb=True, verbosity=0)
    if not Item.objects.exists():
        copy_items(options.source_url, out)
        start = time.perf_counter()
        call_command("update_index", verbosity=0)
        out.write(f"Wagtail's update_index: {time.perf_counter() - start:.0f} s\n")
    total = Item.objects.count()
    out.write(f"\nWagtail {__import__('wagtail').__version__}, database search backend, {total:,} items\n\n")
    out.write("| search | p50 ms | p95 ms | found |\n| --- | --- | --- | --- |\n")
    for label, raw in SEARCHES.items():
        p50, p95, (_, found) = timed(lambda raw=raw: search_page(raw), options.repeat)
        out.write(f"| {label} ({raw}) | {p50:.1f} | {p95:.1f} | {found:,} |\n")


if __name__ == "__main__":
    main()
