import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eventsite.backups.collections import UnknownDependency
from eventsite.backups.files import is_compressed_name, text_writer
from eventsite.backups.services import export_data


class Command(BaseCommand):
    help = (
        "Write every collection the app owns as MongoDB Extended JSON lines (a header, then one "
        "record a line) to --output (gzip if it ends in .gz) or stdout; import_data restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="-", help="file to write, or - for stdout (the default)")

    def handle(self, *args, output, **options):
        try:
            summary = self._export(output)
        except (UnknownDependency, OSError) as exc:
            raise CommandError(f"export_data: {exc}") from exc
        counts = ", ".join(f"{name} {count}" for name, count in summary.counts.items())
        self.stderr.write(f"Exported {summary.total} record(s): {counts}.")

    def _export(self, output: str):
        if output == "-":
            out = text_writer(sys.stdout.buffer, compress=False)
            summary = export_data(out=out)
            out.flush()
            out.detach()
        else:
            with (
                Path(output).open("wb") as binary,
                text_writer(binary, compress=is_compressed_name(output)) as out,
            ):
                summary = export_data(out=out)
        return summary
