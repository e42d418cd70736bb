"""Report seed items whose text is not word for word in their source document."""

from django.core.management import BaseCommand, CommandError

from learning.fidelity import unfaithful_fields
from learning.models import LearningItem


class Command(BaseCommand):
    help = "Check that every learning item's text appears verbatim in its source text."

    def handle(self, *args, **options):
        failures = 0
        items = LearningItem.objects.select_related("publication", "short_publication")
        for item in items:
            problems = unfaithful_fields(item)
            if not item.themes.exists():
                problems.append("no theme")
            if problems:
                failures += 1
                self.stdout.write(f"{item.publication.slug} {item.key}: {', '.join(problems)}")
        self.stdout.write(f"{items.count()} items checked, {failures} with problems.")
        if failures:
            raise CommandError("Some items are not faithful to their sources.")
