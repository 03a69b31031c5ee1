import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eventsite.backups.files import text_reader
from eventsite.backups.services import RestoreRefused, import_data


class Command(BaseCommand):
    help = (
        "Restore a file export_data wrote (plain or gzip; - for stdin) into an empty, migrated "
        "database: same primary keys, password hashes and timestamps. Refuses a database with data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export file, or - for stdin")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                summary = import_data(lines=text_reader(sys.stdin.buffer))
            else:
                with Path(file).open("rb") as binary:
                    summary = import_data(lines=text_reader(binary))
        except (RestoreRefused, OSError, UnicodeDecodeError, EOFError) as exc:
            raise CommandError(f"import_data: {exc}") from exc
        counts = ", ".join(f"{name} {count}" for name, count in summary.counts.items())
        self.stdout.write(f"Imported {summary.total} record(s): {counts}.")
