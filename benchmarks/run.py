"""One benchmark run: a throw-away test database, the seed content, then each corpus size."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings, setup_test_environment

from benchmarks import pages, relevance
from benchmarks.handouts import handout_table
from core import versioning
from reviews_site.process import settle


@contextmanager
def throwaway_database():
    """A fresh test database with the seed content; the real one is never touched. Static files
    are named as in the source tree: with DEBUG off the site expects collected ones with a
    manifest, which a benchmark has no need to build (naming a file costs the same)."""
    setup_test_environment()
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(STORAGES=storages):
        yield from _test_database()


def _test_database():
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    with _sqlite_as_deployed():
        test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            call_command("load_seed", verbosity=0)
            yield test_name
        finally:
            creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


@contextmanager
def _sqlite_as_deployed():
    """On SQLite, the test database is a file in write-ahead logging, as a deployed site's is
    (an in-memory one would lock the background recount out), with counts recounted in the
    background; it and its log go with the temporary folder."""
    if connection.vendor != "sqlite":
        yield
        return
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        test = connection.settings_dict.setdefault("TEST", {})
        earlier = test.get("NAME")
        test["NAME"] = str(Path(folder) / "bench.sqlite3")
        try:
            with override_settings(CONTENT_RECOUNT="background"):
                yield
        finally:
            test["NAME"] = earlier


def run_relevance(options, out):
    with throwaway_database(), versioning.request_scope():
        overall, by_kind, judged_list = relevance.evaluate()
        out.write(relevance.table(overall, by_kind) + "\n")
        if options.misses:
            for judged in judged_list:
                rank = relevance.first_rank(judged)
                if not rank or rank > 5:
                    out.write(f"{judged.id:8} {rank or '-':>3} {judged.question}\n")


def run(options, out):
    sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    tables = []
    with throwaway_database() as test_name:
        tables.append(handout_table(out, options.repeat))
        built = 0
        for size in sizes:
            out.write(f"Building a corpus of {size:,} items…\n")
            built += pages.build_corpus(size - built, seed=size)
            settle()  # as the WSGI server's process does once it has loaded the project
            theme = pages.largest_theme()
            measures = pages.page_measures(options.repeat, theme)
            measures += pages.search_measures(options.search_repeat)
            table = pages.format_table(size, connection.vendor, measures)
            tables.append(table)
            out.write(table + "\n\n")
    if options.output:
        with open(options.output, "w", encoding="utf-8") as handle:
            handle.write(f"test database {test_name}\n\n" + "\n\n".join(tables) + "\n")


def build_database(size, out):
    """The seed and `size` synthetic items in the database of DATABASE_URL, migrated first: only a
    new one (no learning in it yet), so a real site's database is never filled with made-up items."""
    from learning.models import LearningItem

    name = connection.settings_dict["NAME"]
    call_command("migrate", verbosity=0)
    if LearningItem.objects.exists():
        out.write(f"{name} already holds learning: --build-corpus only fills a new database\n")
        return 1
    call_command("load_seed", verbosity=0)
    out.write(f"Building a corpus of {size:,} items in {name}…\n")
    pages.build_corpus(size, seed=size)
    out.write(f"{LearningItem.objects.published().count():,} published items\n")
    return 0
