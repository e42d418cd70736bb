"""Send the email digests that are due: run it daily (cron or deploy/learning-digests.timer)."""

from django.core.management.base import BaseCommand, CommandError

from alerts.digests import SendingFailed, purge, send_due_digests


class Command(BaseCommand):
    help = (
        "Send the weekly and monthly digests that are due (weekly ones from each Monday, monthly ones "
        "from the 1st), each listing the learning first public since the subscriber's last digest. "
        "Safe to run again, or after an interruption: no digest is ever sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and change nothing.")

    def handle(self, *args, dry_run=False, **options):
        try:
            summaries = send_due_digests(dry_run=dry_run)
        except SendingFailed as failure:
            for summary in failure.summaries:
                self.stdout.write(str(summary))
            raise CommandError(f"{failure} Run the command again to send the rest.") from failure
        for summary in summaries:
            self.stdout.write(str(summary))
        if not dry_run:
            deleted = purge()
            self.stdout.write(f"Deleted {deleted} address{'es' if deleted != 1 else ''} no longer needed.")
