from django.core.management.base import BaseCommand
from django.db import DatabaseError

from exports.summaries import PER, SUMMARY_FORMATS, summary_export
from spatial.errors import WakuncarError, command_error
from spatial.management.users import acting_user
from spatial.models import Role


class Command(BaseCommand):
    help = (
        "Totals per RT or per kelurahan as CSV or XLSX: households, the share "
        "sorting waste, idle land (ha) by status, waste points by kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--per", required=True, choices=PER)
        parser.add_argument("--format", required=True, choices=SUMMARY_FORMATS)
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--kelurahan", help="a kelurahan's slug")
        parser.add_argument("--user", help="count what this user may see")

    def handle(self, *args, **opts):
        try:
            export = summary_export(
                user=acting_user(opts["user"], default_role=Role.PLANNER),
                per=opts["per"],
                format=opts["format"],
                out=opts["out"],
                kelurahan=opts["kelurahan"],
            )
        except (WakuncarError, DatabaseError) as exc:
            raise command_error(exc) from exc
        (rows,) = export.features.values()
        self.stdout.write(self.style.SUCCESS(f"{export.path}: {rows} rows."))
