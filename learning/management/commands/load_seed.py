"""Load the seed content (boards, vocabularies, glossary, the five publications).

Safe to run again: it adds only the seed objects the database does not have yet (every
fixture uses natural keys) and never changes one that is there, so a withdrawal, a
correction or a retagging by staff survives `make run` and `make seed`. Objects that staff
deleted or renamed are not brought back (their history says so). The report names every
kept object whose seed copy differs from the database's.
"""

from django.core.management import BaseCommand

from learning.search_index import rebuild
from learning.seed import load_missing, seed_fixture_paths


def plural(count, word):
    """'1 object', '2 objects': the report is read by people."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe(report, dry_run=False):
    """The report as lines for the operator: what was added, kept, different, withheld."""
    verb = "Would add" if dry_run else "Added"
    summary = (
        f"{verb} {plural(len(report.added), 'object')}; kept {report.kept} that are already there; "
        f"the seed's copy of {len(report.differing)} differs from the database's"
    )
    lines = [summary + (":" if report.differing else ".")]
    lines += [f"  {name} ({', '.join(fields)})" for name, fields in report.differing]
    if report.kept and report.added:  # not a first load: say what is new, so nothing arrives unnoticed
        lines.append(f"{verb}:")
        lines += [f"  {name}" for name in report.added]
    if report.withheld:
        lines.append(f"Not added again: {plural(len(report.withheld), 'object')} that staff deleted or renamed:")
        lines += [f"  {name}" for name in report.withheld]
    if report.dependants:
        lines.append(f"Not added either: {plural(report.dependants, 'object')} that belong to or point at those.")
    return lines


class Command(BaseCommand):
    help = "Add the seed content that is not in the database yet; never changes what is there. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what loading would do, and save nothing.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        report = load_missing(seed_fixture_paths(), dry_run=dry_run)
        for line in describe(report, dry_run):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        indexed = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} items."))
