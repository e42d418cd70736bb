"""`make bench`: time pages and searches over synthetic corpora of several sizes.

Runs in a throw-away test database, so the real content is never touched.
"""

from django.core.management import BaseCommand, call_command
from django.db import connection
from django.test.utils import setup_test_environment

from learning import benchmark
from printing.benchmark import handout_table
from reviews_site.process import settle


class Command(BaseCommand):
    help = "Benchmark pages and search over synthetic corpora (e.g. --sizes 1000,10000,100000)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated corpus sizes.")
        parser.add_argument("--repeat", type=int, default=30, help="Timed runs per page measure.")
        parser.add_argument(
            "--search-repeat",
            type=int,
            default=100,
            help="Timed runs per search measure (searches are quick, and p95 needs many runs to settle).",
        )
        parser.add_argument("--output", default="", help="Also write the tables to this file.")

    def handle(self, *args, **options):
        sizes = [int(size) for size in options["sizes"].split(",") if size.strip()]
        setup_test_environment()
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        tables = []
        try:
            call_command("load_seed", verbosity=0)
            tables.append(handout_table(self.stdout, options["repeat"]))
            built = 0
            for size in sizes:
                self.stdout.write(f"Building a corpus of {size:,} items…")
                built += benchmark.build_corpus(size - built, seed=size)
                settle()  # as the WSGI server's process does once it has loaded the project
                theme = benchmark.largest_theme()
                measures = benchmark.page_measures(options["repeat"], theme)
                measures += benchmark.search_measures(options["search_repeat"])
                table = benchmark.format_table(size, connection.vendor, measures)
                tables.append(table)
                self.stdout.write(table + "\n")
        finally:
            creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(f"test database {test_name}\n\n" + "\n\n".join(tables) + "\n")
