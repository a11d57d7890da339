"""Topology rules between administrative units: a child lies within its parent and
siblings do not overlap, each up to a tolerance in metres (digitised boundaries
never share edges exactly)."""

from dataclasses import dataclass

import shapely
from django.conf import settings

from .measure import to_shapely_metres


def tolerance_m():
    return settings.WAKUNCAR_TOPOLOGY_TOLERANCE_M


@dataclass(frozen=True)
class Outside:
    area_m2: float
    distance_m: float


def outside_of(child, parent, tolerance=None):
    """How much of ``child`` lies beyond ``parent`` by more than the tolerance,
    or None when it lies within."""
    tol = tolerance_m() if tolerance is None else tolerance
    c, p = to_shapely_metres(child), to_shapely_metres(parent)
    beyond = c.difference(p.buffer(tol))
    if beyond.is_empty:
        return None
    points = shapely.points(shapely.get_coordinates(beyond))
    return Outside(
        area_m2=c.difference(p).area,
        distance_m=float(shapely.distance(points, p).max()),
    )


def overlap_m2(geom, other, tolerance=None):
    """Area shared by two polygons when one reaches more than the tolerance into
    the other; 0 when they only touch or sliver along an edge."""
    tol = tolerance_m() if tolerance is None else tolerance
    a, b = to_shapely_metres(geom), to_shapely_metres(other)
    if not a.buffer(-tol).intersects(b):
        return 0.0
    return a.intersection(b).area
