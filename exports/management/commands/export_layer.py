from django.core.management.base import BaseCommand
from django.db import DatabaseError

from exports.services import ALL_LAYERS, SRIDS, layer_export
from spatial import layers
from spatial.errors import WakuncarError, command_error
from spatial.io.writers import FORMATS
from spatial.management.users import acting_user
from spatial.measure import WGS84
from spatial.models import Role


class Command(BaseCommand):
    help = (
        "Export a layer (or all layers, as one GeoPackage) as a zipped shapefile, "
        "GeoPackage, GeoJSON, CSV, KML or XLSX. Without --user, exports what a "
        "planner may see: no personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("layer", choices=[*layers.exported(), ALL_LAYERS])
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--kelurahan", help="a kelurahan's slug")
        parser.add_argument("--rt", help="an RT's official code")
        parser.add_argument("--status", help="idle plots' or waste points' status")
        parser.add_argument("--srid", type=int, default=WGS84, choices=SRIDS)
        parser.add_argument("--user", help="export as this user may see it")

    def handle(self, *args, **opts):
        try:
            export = layer_export(
                user=acting_user(opts["user"], default_role=Role.PLANNER),
                layer=opts["layer"],
                format=opts["format"],
                out=opts["out"],
                kelurahan=opts["kelurahan"],
                rt=opts["rt"],
                status=opts["status"],
                srid=opts["srid"],
            )
        except (WakuncarError, DatabaseError) as exc:
            raise command_error(exc) from exc
        for layer, features in export.features.items():
            self.stdout.write(f"{layer}: {features} features")
        personal = "with" if export.personal_data else "without"
        self.stdout.write(
            self.style.SUCCESS(f"{export.path} written, {personal} personal data.")
        )
