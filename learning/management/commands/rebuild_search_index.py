from django.core.management import BaseCommand

from learning.search_index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index and the spelling lexicon from every learning item."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} learning items."))
