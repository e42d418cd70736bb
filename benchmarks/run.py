"""One benchmark run: a throw-away test database, the seed content, then each corpus size."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_test_environment

from benchmarks import pages
from benchmarks.handouts import handout_table
from reviews_site.process import settle


def run(options, out):
    sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    setup_test_environment()
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    tables = []
    try:
        call_command("load_seed", verbosity=0)
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
    finally:
        creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as handle:
            handle.write(f"test database {test_name}\n\n" + "\n\n".join(tables) + "\n")
