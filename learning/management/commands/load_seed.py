"""Load the seed content (boards, vocabularies, glossary, the five publications).

Idempotent: every fixture uses natural keys, so loading again updates rows in place
instead of adding new ones.
"""

from django.core.management import BaseCommand, call_command

from learning.seed import seed_fixture_paths
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Load (or reload) the seed publications and vocabularies. Safe to run twice."

    def handle(self, *args, **options):
        paths = seed_fixture_paths()
        call_command("loaddata", *[str(p) for p in paths], verbosity=options["verbosity"])
        indexed = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(paths)} seed fixture files; indexed {indexed} items."))
