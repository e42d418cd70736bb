"""PostgreSQL: scan the search documents without parallel workers.

A search lists the first 1,000 matches the database finds (see search.services.best_matches).
Parallel workers hand rows back in whatever order they finish, so the same search could list
a different 1,000 from one page to the next; they also cost more to start (about 8 ms) than
they save on a table this size. Measured with `make bench`.
"""

from django.db import migrations

from search.migrations import run_for_vendor

FORWARDS = {"postgresql": ["ALTER TABLE search_searchdocument SET (parallel_workers = 0)"]}
BACKWARDS = {"postgresql": ["ALTER TABLE search_searchdocument RESET (parallel_workers)"]}


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_indexes")]

    operations = [migrations.RunPython(run_for_vendor(FORWARDS), run_for_vendor(BACKWARDS))]
