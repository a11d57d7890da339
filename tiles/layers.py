"""The tile layers and the ST_AsMVT SQL of each tile. Features come from the
same querysets and spatial.permissions as the REST API; a tile carries no
personal field to anyone (clicking a feature asks the API, which decides what
the user may read and logs it). Households are aggregated below
POINTS_FROM_ZOOM, and for a user who may not see single homes, at every zoom."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import ExpressionWrapper, F, Field

from households.models import Household
from landuse.models import IdlePlot
from spatial import compiled, permissions
from spatial.models import RT
from waste.models import WastePoint

from .grid import lonlat_bounds

EXTENT = 4096  # tile coordinates per side (the MVT default)
BUFFER = 64  # coordinates drawn beyond the edge, so symbols are not cut
POINTS_FROM_ZOOM = 15
CELLS = 64  # aggregate cells per tile side below POINTS_FROM_ZOOM (4 px of 256)
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class TileLayer:
    name: str
    model: type
    properties: tuple  # model fields carried by each feature
    sources: tuple  # tables whose writes change the layer's tiles
    minzoom: int = 10
    maxzoom: int = 18
    aggregated: bool = False  # households: counts per cell or RT at low zoom

    def carried(self):
        """The properties, never a personal one, whoever asks."""
        personal = set(permissions.personal_fields(self.model))
        return tuple(p for p in self.properties if p not in personal)

    def vector_layers(self, user):
        """TileJSON's vector_layers: the MVT layers this user's tiles hold."""
        fields = {name: "" for name in self.carried()}
        total = {"households": "Number", "members": "Number"}
        if self.aggregated and not sees_single(user, self.model):
            # Text: a small count reads "<5".
            shown = {"households": "String", "members": "String"}
            return [{"id": "rt_totals", "fields": shown, "minzoom": self.minzoom}]
        if self.aggregated:
            return [
                {
                    "id": "household_totals",
                    "fields": total,
                    "minzoom": self.minzoom,
                    "maxzoom": POINTS_FROM_ZOOM - 1,
                },
                {
                    "id": self.name.replace("-", "_"),
                    "fields": fields,
                    "minzoom": POINTS_FROM_ZOOM,
                    "maxzoom": self.maxzoom,
                },
            ]
        return [
            {
                "id": self.name.replace("-", "_"),
                "fields": fields,
                "minzoom": self.minzoom,
                "maxzoom": self.maxzoom,
            }
        ]


LAYERS = {
    layer.name: layer
    for layer in (
        TileLayer(
            "households",
            Household,
            (
                "members",
                "waste_sorted",
                "waste_disposal",
                "latrine",
                "septic_tank",
                "rt_mismatch",
            ),
            ("households_household", "spatial_rt"),
            aggregated=True,
        ),
        TileLayer(
            "idle-plots",
            IdlePlot,
            ("status", "condition", "ownership", "proposed_use", "area_m2"),
            ("landuse_idleplot",),
        ),
        TileLayer(
            "waste-points",
            WastePoint,
            ("name", "kind", "status"),
            ("waste_wastepoint",),
        ),
    )
}


def sees_single(user, model):
    return not permissions.visible(user, model.objects.all()).query.is_empty()


def tile_sql(*, user, layer, z, x, y):
    """(sql, params) of one tile as the user may see it: the statement the
    endpoint runs, and the one the benchmark runs directly."""
    kind = "cells" if layer.aggregated and z < POINTS_FROM_ZOOM else "features"
    key = (layer.name, permissions.visibility_scope(user), kind)
    template = _TEMPLATES.get(key, lambda: _template(user, layer, kind))
    return template(z, x, y)


# The statement of each (layer, visibility scope, kind) with z/x/y left as
# parameters. Compiling a layer's queryset through spatial.permissions costs
# about 1 ms, as much as the SQL of a small tile; users of one visibility scope
# see the same rows (permissions.visibility_scope), as the tile cache assumes,
# so they share one compiled statement.
_TEMPLATES = compiled.statements(1024)


def _template(user, layer, kind):
    """A function (z, x, y) → (sql, params)."""
    rows = permissions.visible(user, layer.model.objects.all())
    if layer.aggregated and rows.query.is_empty():
        if permissions.may_see_rt_totals(user):
            return _rt_totals_sql
        return _empty
    if kind == "cells":
        return _cells_template(rows)
    return _features_template(rows, layer)


def tile_body(*, user, layer, z, x, y):
    sql, params = tile_sql(user=user, layer=layer, z=z, x=x, y=y)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (body,) = cursor.fetchone()
    return bytes(body or b"")


def _empty(z, x, y):
    return "SELECT ''::bytea", []


def _compiled(queryset):
    from django.core.exceptions import EmptyResultSet

    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None, None


# The tile's box is applied to the compiled rows from outside, on the bare
# column: GeoDjango selects a geometry as ``geom::bytea``, on which the GiST
# index cannot be used, so the rows are selected as a plain field; and without
# an ORDER BY PostgreSQL pulls the subquery up and finds them through the index
# (either alone made a z18 tile of a million households take 400–800 ms).
GEOM = ExpressionWrapper(F("geom"), output_field=Field())
BOX = "t._g && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"


def _features_template(rows, layer):
    names = layer.carried()
    inner = rows.order_by().values(
        _id=F("pk"), _g=GEOM, **{f"p{i}": F(n) for i, n in enumerate(names)}
    )
    sql, params = _compiled(inner)
    if sql is None:
        return _empty
    # Column names are our own checked constants.
    columns = "".join(f', t.p{i} AS "{_checked(n)}"' for i, n in enumerate(names))
    wrapped = (
        f"SELECT ST_AsMVT(q, %s, {EXTENT}, 'geom', 'id') FROM ("  # noqa: S608 - our own constants and Django-compiled SQL
        "SELECT t._id AS id, ST_AsMVTGeom(ST_Transform(t._g, 3857), "
        f"ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) AS geom{columns} "
        f"FROM ({sql}) t WHERE {BOX}) q WHERE q.geom IS NOT NULL"
    )
    name = layer.name.replace("-", "_")
    params = tuple(params)

    def statement(z, x, y):
        box = lonlat_bounds(z, x, y, margin=BUFFER / EXTENT)
        return wrapped, [name, z, x, y, *params, *box]

    return statement


def _cells_template(rows):
    """Households counted per cell of a CELLS × CELLS grid on the tile, each
    drawn at the mean position of its homes. The grid is laid in degrees: over a
    tile at these zooms and latitudes, Mercator's stretch is linear to well
    under a cell."""
    inner = rows.order_by().values(_g=GEOM, _m=F("members"))
    sql, params = _compiled(inner)
    if sql is None:
        return _empty
    wrapped = (
        f"SELECT ST_AsMVT(q, 'household_totals', {EXTENT}, 'geom') FROM ("  # noqa: S608 - our own constants and Django-compiled SQL
        "SELECT count(*) AS households, sum(t._m) AS members, "
        "ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(avg(ST_X(t._g)), "
        "avg(ST_Y(t._g))), 4326), 3857), ST_TileEnvelope(%s, %s, %s), "
        f"{EXTENT}, 0, true) AS geom "
        f"FROM ({sql}) t WHERE {BOX} "
        "GROUP BY floor((ST_X(t._g) - %s) / %s), floor((%s - ST_Y(t._g)) / %s)"
        ") q WHERE q.geom IS NOT NULL"
    )
    params = tuple(params)

    def statement(z, x, y):
        west, south, east, north = box = lonlat_bounds(z, x, y)
        cell_x, cell_y = (east - west) / CELLS, (north - south) / CELLS
        return wrapped, [z, x, y, *params, *box, west, cell_x, north, cell_y]

    return statement


def _rt_totals_sql(z, x, y):
    """Households per RT, at a point inside the RT, for RTs whose point lies in
    the tile: the count is the RT's whole, never split across tiles. A count
    under permissions.PUBLIC_MIN_COUNT reads "<5" (and so do its members)."""
    rt, household = RT._meta.db_table, Household._meta.db_table
    floor = permissions.PUBLIC_MIN_COUNT
    sql = (
        f"SELECT ST_AsMVT(q, 'rt_totals', {EXTENT}, 'geom', 'id') FROM ("  # noqa: S608 - our own constants
        "SELECT r.id, CASE WHEN count(h.id) >= %s THEN count(h.id)::text "
        "ELSE %s END AS households, CASE WHEN count(h.id) >= %s "
        "THEN sum(h.members)::text ELSE %s END AS members, "
        "ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(r.geom), 3857), "
        f"ST_TileEnvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) AS geom "
        f"FROM {rt} r JOIN {household} h ON h.rt_id = r.id "
        "WHERE r.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
        "AND ST_Intersects(ST_PointOnSurface(r.geom), "
        "ST_MakeEnvelope(%s, %s, %s, %s, 4326)) "
        "GROUP BY r.id) q WHERE q.geom IS NOT NULL"
    )
    withheld = f"<{floor}"
    box = list(lonlat_bounds(z, x, y))
    return sql, [floor, withheld, floor, withheld, z, x, y, *box, *box]


def _checked(name):
    if not NAME.match(name):
        raise ValueError(f"not a property name: {name!r}")
    return name
