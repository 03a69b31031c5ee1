from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legacy.importer import LegacyImport, Tally


def _summary(label: str, tally: Tally, *, dry_run: bool) -> str:
    verb = "to import" if dry_run else "imported"
    line = f"{label}: {tally.imported} {verb}, {tally.present} already present, {tally.bad} bad"
    return f"{line}, {tally.collisions} email collision(s)" if label == "Users" else line


class Command(BaseCommand):
    help = (
        "Import the legacy system's users and events from mongoexport files (JSON lines or a JSON array). "
        "Records already present are skipped, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=Path, help="mongoexport of the legacy users collection")
        parser.add_argument("--events", type=Path, help="mongoexport of the legacy events collection")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")

    def handle(self, *args, users: Path | None, events: Path | None, dry_run: bool, **options):
        if users is None and events is None:
            raise CommandError("Give --users and/or --events.")
        for path in (users, events):
            if path is not None and not path.is_file():
                raise CommandError(f"{path}: no such file")

        job = LegacyImport()
        if users is not None:
            job.plan_users(users)
        if events is not None:
            job.plan_events(events)
        report = job.report

        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(_summary("Users", report.users, dry_run=dry_run))
        self.stdout.write(_summary("Events", report.events, dry_run=dry_run))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif report.changes:
            job.write()
            self.stdout.write(self.style.SUCCESS(f"Imported {report.changes} record(s)."))
        else:
            self.stdout.write("Nothing to change: every valid record is already present.")
