"""Delete saved training packs nobody has used for a while (printing.models.SavedPack)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from printing.models import SavedPack


class Command(BaseCommand):
    help = "Delete saved training packs not used (opened, restored or changed) for --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SAVED_PACK_KEEP_DAYS,
            help="Delete packs unused for this many days (default: SAVED_PACK_KEEP_DAYS, %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say how many would go, and delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        old = SavedPack.objects.unused_since(timezone.now() - timedelta(days=days))
        if dry_run:
            self.stdout.write(f"{old.count()} saved packs unused for {days} days would be deleted.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} saved packs unused for {days} days.")
