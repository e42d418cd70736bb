"""Delete PDF import jobs (and the PDFs they keep) nobody has touched for a while (learning/import_jobs.py)."""

from django.core.management.base import BaseCommand

from learning import import_jobs


class Command(BaseCommand):
    help = f"Delete PDF import jobs, and the PDFs they keep, untouched for {import_jobs.KEPT_FOR.days} days."

    def handle(self, *args, **options):
        deleted = import_jobs.purge_old()
        self.stdout.write(f"Deleted {deleted} import jobs untouched for {import_jobs.KEPT_FOR.days} days.")
