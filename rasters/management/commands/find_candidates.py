"""python manage.py find_candidates --kelurahan SLUG [--raster ID] [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from rasters.services.candidates import candidate_search
from spatial.errors import WakuncarError
from spatial.management.users import acting_user
from spatial.models import Kelurahan, Role


class Command(BaseCommand):
    help = (
        "Search a kelurahan's raster for candidate idle land and store what it "
        "suggests for the lurah to review; print the candidates awaiting review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kelurahan", required=True, help="kelurahan slug")
        parser.add_argument(
            "--raster",
            type=int,
            help="raster id (default: the newest land cover, else NDVI, else "
            "orthophoto of the kelurahan)",
        )
        parser.add_argument("--ndvi", help="NDVI range low,high (NDVI rasters)")
        parser.add_argument(
            "--bare-index", help="bare-soil index range low,high (orthophotos)"
        )
        parser.add_argument("--min-area", type=float, help="smallest area in m²")
        parser.add_argument("--user", help="search as this user (default: admin)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        kelurahan = Kelurahan.objects.filter(slug=opts["kelurahan"]).first()
        if kelurahan is None:
            raise CommandError(f"There is no kelurahan {opts['kelurahan']!r}.")
        try:
            result = candidate_search(
                user=acting_user(opts["user"], default_role=Role.CITY_ADMIN),
                kelurahan=kelurahan,
                raster_id=opts["raster"],
                ndvi=opts["ndvi"],
                bare_index=opts["bare_index"],
                min_area_m2=opts["min_area"],
            )
        except WakuncarError as exc:
            raise CommandError(exc.message) from exc
        if opts["json"]:
            self.stdout.write(json.dumps([_item(c) for c in result.candidates]))
            return
        for candidate in result.candidates:
            self.stdout.write(f"#{candidate.pk}\t{candidate.area_m2:,.0f} m²")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.candidates)} candidates from raster "
                f"#{result.raster.pk} ({result.rule}); {result.new} new."
            )
        )


def _item(candidate):
    return {
        "id": candidate.pk,
        "area_m2": round(candidate.area_m2, 1),
        "geometry": json.loads(candidate.geom.geojson),
        "raster": candidate.raster_id,
        "rule": candidate.rule,
        "state": candidate.state,
        "found_at": candidate.found_at.isoformat(),
    }
