from django.core.management.base import BaseCommand
from django.db import DatabaseError

from spatial.errors import WakuncarError, command_error
from spatial.services.boundaries import LEVELS, boundary_import


class Command(BaseCommand):
    help = (
        "Load kecamatan, kelurahan, RW or RT boundaries from any OGR file in any "
        "CRS. All features are checked first; nothing is written unless all pass."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", required=True, choices=sorted(LEVELS))
        parser.add_argument("--srid", type=int, help="EPSG code when the file has none")
        parser.add_argument("--layer", help="layer to read from a multi-layer file")
        parser.add_argument("--encoding", help="DBF text encoding, e.g. cp1252")
        parser.add_argument("--name-field")
        parser.add_argument("--code-field")
        parser.add_argument(
            "--parent-field", help="column holding the parent's code, slug or name"
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **opts):
        try:
            report = boundary_import(
                path=opts["file"],
                level=opts["level"],
                srid=opts["srid"],
                layer=opts["layer"],
                encoding=opts["encoding"],
                name_field=opts["name_field"],
                code_field=opts["code_field"],
                parent_field=opts["parent_field"],
                dry_run=opts["dry_run"],
            )
        except (WakuncarError, DatabaseError) as exc:
            for detail in getattr(exc, "details", []):
                self.stderr.write(f"  feature {detail['row']}: {detail['reason']}")
            raise command_error(exc) from exc
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        create, update = (
            ("would create", "would update")
            if report.dry_run
            else ("created", "updated")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.filename} (EPSG:{report.srid}): {create} {report.created}, "
                f"{update} {report.updated} {report.level}."
            )
        )
