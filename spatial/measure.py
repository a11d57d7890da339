"""Measuring in metres. Geometries are stored in WGS 84; lengths and areas are
taken in UTM zone 48S, which holds all of Kota Metro (105.2°–105.4° E)."""

import shapely
from django.contrib.gis.db.models import FloatField
from django.db.models import F, Func, Value

WGS84 = 4326
UTM_48S = 32748
M2_PER_HA = 10_000


def in_metres(geom):
    """A copy of a GEOS geometry in UTM 48S."""
    return geom.transform(UTM_48S, clone=True)


def to_shapely_metres(geom):
    return shapely.from_wkb(bytes(in_metres(geom).wkb))


def area_m2(geom):
    return in_metres(geom).area


def area_expression(field="geom"):
    """ST_Area(ST_Transform(geom, 32748)) as an SQL expression. ST_Transform and
    ST_Area are IMMUTABLE in PostGIS, so this may back a generated column."""
    return Func(
        Func(F(field), Value(UTM_48S), function="ST_Transform"),
        function="ST_Area",
        output_field=FloatField(),
    )
