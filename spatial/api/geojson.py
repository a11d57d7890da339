"""Layer lists as GeoJSON built by PostGIS in one query. Serialising 5,000
households feature by feature in Python takes over a second; json_agg over the
same rows takes a few tens of milliseconds."""

import re

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

PRECISION = 7  # decimals of a degree: about 1 cm
PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE = (
    "SELECT coalesce(json_agg(json_build_object("
    "'type', 'Feature', 'id', t._id, 'geometry', t._geometry::json, "
    "'properties', json_build_object({pairs}))), '[]'::json)::text, count(*), "
    "coalesce(array_agg(t._id), '{{}}') "
    "FROM ({sql}) t"
)
EMPTY = b'{"type": "FeatureCollection", "features": []}'


def feature_collection(queryset, properties, *, geometry="geom"):
    """A GeoJSON FeatureCollection (bytes) of ``queryset`` with ``properties``,
    a mapping of output name → field path or expression, and its length."""
    body, count, _ids = feature_collection_with_ids(
        queryset, properties, geometry=geometry
    )
    return body, count


def feature_collection_with_ids(queryset, properties, *, geometry="geom"):
    """feature_collection, and the ids of its features (from the same query):
    the personal-data log names the records read."""
    # Aliases get a prefix: values() refuses names that shadow model fields.
    aliases = {f"p{i}": name for i, name in enumerate(properties)}
    rows = queryset.order_by("pk").values(
        _id=F("pk"),
        _geometry=AsGeoJSON(geometry, precision=PRECISION),
        **{alias: _expression(properties[name]) for alias, name in aliases.items()},
    )
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # queryset.none(): Django builds no SQL for it
        return EMPTY, 0, []
    # The names are our own constants, checked, so they can be SQL literals.
    pairs = ", ".join(
        f"'{_checked(name)}', t.{alias}" for alias, name in aliases.items()
    )
    # Django compiled ``sql`` and keeps its values in ``params``; the property
    # names were checked above.
    wrapped = TEMPLATE.format(pairs=pairs, sql=sql)
    with connection.cursor() as cursor:
        cursor.execute(wrapped, params)
        features, count, ids = cursor.fetchone()
    body = f'{{"type": "FeatureCollection", "features": {features}}}'.encode()
    return body, count, ids


def _expression(path):
    return F(path) if isinstance(path, str) else path


def _checked(name):
    if not PROPERTY_NAME.match(name):
        raise ValueError(f"not a property name: {name!r}")
    return name
