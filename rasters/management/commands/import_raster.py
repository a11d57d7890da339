"""python manage.py import_raster FILE --kelurahan SLUG --kind orthophoto|landcover|ndvi
[--classes FILE.csv] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rasters.io.facts import KINDS
from rasters.services.imports import raster_import
from spatial.errors import WakuncarError
from spatial.management.users import acting_user
from spatial.models import Kelurahan, Role


class Command(BaseCommand):
    help = (
        "Import a GeoTIFF (orthophoto, land cover or NDVI) for a kelurahan as a "
        "Cloud-Optimized GeoTIFF, and compute its idle plots' statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kelurahan", required=True, help="kelurahan slug")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument(
            "--classes",
            type=Path,
            help="land cover: CSV with the columns value,label,idle (yes/no)",
        )
        parser.add_argument(
            "--user", help="import as this user (default: as the city admin)"
        )

    def handle(self, *args, **opts):
        kelurahan = Kelurahan.objects.filter(slug=opts["kelurahan"]).first()
        if kelurahan is None:
            raise CommandError(f"There is no kelurahan {opts['kelurahan']!r}.")
        classes = opts["classes"]
        if classes is not None and not classes.is_file():
            raise CommandError(f"{classes}: no such file")
        try:
            raster = raster_import(
                user=acting_user(opts["user"], default_role=Role.CITY_ADMIN),
                kelurahan=kelurahan,
                kind=opts["kind"],
                file=opts["file"],
                name=opts["file"].name,
                classes=classes.read_bytes() if classes else None,
                classes_name=classes.name if classes else "",
            )
        except WakuncarError as exc:
            raise CommandError(exc.message) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"{opts['file']}: no such file") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Raster #{raster.pk} ({raster.kind}, {raster.width} x "
                f"{raster.height} px, {raster.resolution_m:.2f} m) kept as "
                f"{raster.path}."
            )
        )
