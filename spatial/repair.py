"""Explaining and repairing an invalid shape drawn on the map or read from a
file: where it goes wrong and what a valid version would look like."""

import json
import re
from dataclasses import dataclass

import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

# GEOS reports e.g. "Self-intersection[105.2724 -5.1187]".
REASON_AT = re.compile(r"^(?P<what>[^\[]+)\[(?P<x>[-\d.eE+]+) (?P<y>[-\d.eE+]+)\]")


@dataclass(frozen=True)
class Invalidity:
    reason: str
    at: tuple | None
    repaired: MultiPolygon | None

    def as_params(self):
        """JSON-ready details for the map: the spot to mark and the shape to offer."""
        return {
            "at": list(self.at) if self.at else None,
            "repaired": json.loads(self.repaired.geojson) if self.repaired else None,
        }


def polygonal_parts(geom):
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def diagnose(geom):
    """Why ``geom`` (a GEOS polygon) is invalid, where, and a repaired shape."""
    reason = geom.valid_reason
    match = REASON_AT.match(reason)
    at = (float(match["x"]), float(match["y"])) if match else None
    fixed = polygonal_parts(shapely.make_valid(shapely.from_wkb(bytes(geom.wkb))))
    repaired = None
    if not fixed.is_empty:
        repaired = GEOSGeometry(memoryview(shapely.to_wkb(fixed)), srid=geom.srid)
        if not isinstance(repaired, MultiPolygon):
            repaired = MultiPolygon(repaired, srid=geom.srid)
    return Invalidity(match["what"] if match else reason, at, repaired)
