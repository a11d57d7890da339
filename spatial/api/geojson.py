"""Layer lists as GeoJSON built by PostGIS in one query. Serialising 5,000
households feature by feature in Python takes over a second; json_agg over the
same rows takes a few tens of milliseconds.

Pages are keyset pages on the primary key (``after``/``before`` an id): the
next page costs the same at row 10 as at row 900,000, and no page counts the
whole table."""

import re
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

PRECISION = 7  # decimals of a degree: about 1 cm
METRE_PRECISION = 2  # decimals of a metre in a projected CRS
PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE = (
    "SELECT coalesce(json_agg(json_build_object("
    "'type', 'Feature', 'id', t._id, 'geometry', t._geometry::json, "
    "'properties', json_build_object({pairs})) ORDER BY t._id) "
    "FILTER (WHERE t._n <= %s), '[]'::json)::text, "
    "count(*), min(t._id) FILTER (WHERE t._n <= %s), "
    "max(t._id) FILTER (WHERE t._n <= %s), "
    "coalesce(array_agg(t._id ORDER BY t._id) FILTER (WHERE t._n <= %s), '{{}}') "
    "FROM (SELECT s.*, row_number() OVER () AS _n FROM ({sql}) s) t"
)


@dataclass(frozen=True)
class FeaturePage:
    features: str  # a JSON array of GeoJSON features, as text
    count: int  # features in this page
    more: bool  # whether rows lie beyond the page, in the direction read
    first_id: int | None
    last_id: int | None
    ids: tuple = ()  # of the features in the page: the personal-data log names them

    def collection(self, **members):
        """The page as a GeoJSON FeatureCollection (bytes); ``members`` are
        JSON texts added as foreign members (links, counts)."""
        extra = "".join(f', "{name}": {text}' for name, text in members.items())
        return (
            f'{{"type": "FeatureCollection", "features": {self.features}{extra}}}'
        ).encode()


EMPTY = FeaturePage("[]", 0, False, None, None, ())


def feature_page(queryset, properties, *, limit, **options):
    """Up to ``limit`` features of ``queryset`` in id order, with ``properties``
    (output name → field path or expression); those after id ``after``, or the
    last ones before id ``before``. With ``srid`` the geometry is transformed."""
    sql, params = feature_page_sql(queryset, properties, limit=limit, **options)
    return run_page(sql, params, limit)


def run_page(sql, params, limit):
    """The FeaturePage of a statement from feature_page_sql or Rows.page."""
    if sql is None:
        return EMPTY
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        features, fetched, first_id, last_id, ids = cursor.fetchone()
    return FeaturePage(
        features, min(fetched, limit), fetched > limit, first_id, last_id, tuple(ids)
    )


def feature_page_sql(
    queryset, properties, *, limit, after=None, before=None, geometry="geom", srid=None
):
    """(sql, params) of feature_page's one statement, or (None, None) for an
    empty queryset."""
    rows = compiled_rows(queryset, properties, geometry=geometry, srid=srid)
    if rows is None:
        return None, None
    return rows.page(limit=limit, after=after, before=before)


@dataclass(frozen=True)
class Rows:
    """A queryset's features compiled once, unordered and unpaged: ``page``
    adds the keyset, the order and the limit outside it. Compiling through the
    ORM costs 1.5–2 ms for a layer with a dozen properties, so a caller that
    reads page after page of one query (ogc.features) may keep this and pay it
    once."""

    sql: str
    params: tuple
    pairs: str  # json_build_object's name, value pairs

    def page(self, *, limit, after=None, before=None):
        conditions, keys = [], []
        if after is not None:
            conditions.append("b._id > %s")
            keys.append(after)
        if before is not None:
            conditions.append("b._id < %s")
            keys.append(before)
        where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
        # The compiled rows have no ORDER BY, DISTINCT or LIMIT, so PostgreSQL
        # pulls them up into this query: the keyset and the order reach the
        # table's primary key index, as they did when they were inside.
        inner = (
            f"SELECT b.* FROM ({self.sql}) b {where}"  # noqa: S608 - Django-compiled SQL, our own constants
            f"ORDER BY b._id{' DESC' if before is not None else ''} LIMIT %s"
        )
        wrapped = TEMPLATE.format(pairs=self.pairs, sql=inner)
        return wrapped, (limit, limit, limit, limit, *self.params, *keys, limit + 1)


def compiled_rows(queryset, properties, *, geometry="geom", srid=None):
    """The Rows of ``queryset`` with ``properties``, or None for an empty
    queryset."""
    # Aliases get a prefix: values() refuses names that shadow model fields.
    aliases = {f"p{i}": name for i, name in enumerate(properties)}
    shape = F(geometry) if srid in (None, 4326) else Transform(geometry, srid)
    precision = PRECISION if srid in (None, 4326) else METRE_PRECISION
    rows = queryset.order_by().values(
        _id=F("pk"),
        _geometry=AsGeoJSON(shape, precision=precision),
        **{alias: _expression(properties[name]) for alias, name in aliases.items()},
    )
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # queryset.none(): Django builds no SQL for it
        return None
    # The names are our own constants, checked, so they can be SQL literals.
    # Django compiled ``sql`` and keeps its values in ``params``. row_number()
    # numbers the rows in the inner query's order, so the one extra row
    # fetched is the one left out.
    pairs = ", ".join(
        f"'{_checked(name)}', t.{alias}" for alias, name in aliases.items()
    )
    return Rows(sql, tuple(params), pairs)


def _expression(path):
    return F(path) if isinstance(path, str) else path


def _checked(name):
    if not PROPERTY_NAME.match(name):
        raise ValueError(f"not a property name: {name!r}")
    return name
