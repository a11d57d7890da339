"""Reading features for OGC API – Features: a page of a collection's items or
one item, as the user may see them, with the personal-data read logged as the
REST API logs it."""

import json

from django.utils import translation
from django.utils.translation import gettext as _

from spatial import compiled, permissions
from spatial.api import geojson
from spatial.api.properties import log_personal_read
from spatial.errors import InvalidInput, NotFound

# Counting stops here: numberMatched is given when the match is at most this
# long (a kelurahan's households, any boundary layer), and left out above, so
# no page of a million households counts them all.
COUNT_LIMIT = 10_000


def items_page(*, request, collection, query):
    """(FeaturePage, numberMatched or None) for ``query`` (params.ItemsQuery)."""
    user = request.user
    rows = filtered(collection, collection.queryset(user), query)
    properties = collection.properties(user)
    compiled = _compiled_rows(collection, user, query, rows, properties)
    sql, params = (
        compiled.page(limit=query.limit, after=query.after, before=query.before)
        if compiled is not None
        else (None, None)
    )
    page = geojson.run_page(sql, params, query.limit)
    first_page = query.after is None and query.before is None
    matched = _bounded_count(rows) if first_page else None
    log_personal_read(
        request,
        collection.model,
        properties,
        lambda: permissions.rows_with_personal_data(
            user, rows, page.count, ids=page.ids
        ),
        channel="ogc",
        ids=page.ids,
    )
    return page, matched


# A collection's rows compiled once per read scope, output CRS and language,
# for the pages read without a bbox, datetime or property filter: a client
# reading a whole collection (GDAL's OAPIF driver, ogr2ogr) follows ``next``
# page after page through the same statement, and compiling it was 1.5–2 ms
# of each 1,000-feature page. Filtered reads compile their own.
_COMPILED = compiled.statements(2048)


def _compiled_rows(collection, user, query, rows, properties):
    def build():
        return geojson.compiled_rows(rows, properties, srid=query.srid)

    if query.bbox is not None or query.interval or query.filters:
        return build()
    key = (
        collection.id,
        permissions.read_scope(user),
        query.srid,
        translation.get_language(),
    )
    return _COMPILED.get(key, build)


def item(*, request, collection, fid, srid):
    """One feature as a dict, or NotFound when it does not exist or is not
    the user's to see."""
    user = request.user
    rows = collection.queryset(user).filter(pk=fid)
    properties = collection.properties(user)
    page = geojson.feature_page(rows, properties, limit=1, srid=srid)
    if not page.count:
        raise NotFound(
            _("%(collection)s has no feature %(fid)s.")
            % {"collection": collection.id, "fid": fid}
        )
    log_personal_read(
        request,
        collection.model,
        properties,
        lambda: permissions.rows_with_personal_data(user, rows, 1),
        channel="ogc",
        ids=page.ids,
    )
    return json.loads(page.features)[0]


def filtered(collection, rows, query):
    if query.bbox is not None:
        rows = rows.filter(geom__intersects=query.bbox)
    if query.interval and collection.temporal:
        start, end = query.interval
        if start is not None:
            rows = rows.filter(**{f"{collection.temporal}__gte": start})
        if end is not None:
            rows = rows.filter(**{f"{collection.temporal}__lte": end})
    if query.filters:
        filterset = collection.viewset.filterset_class(
            data=query.filters, queryset=rows
        )
        if not filterset.is_valid():
            raise InvalidInput(_filter_errors(filterset.errors))
        rows = filterset.qs
    return rows


def _filter_errors(errors):
    return " ".join(
        f"{name}: {' '.join(str(m) for m in messages)}"
        for name, messages in errors.items()
    )


def _bounded_count(rows):
    counted = rows.order_by()[: COUNT_LIMIT + 1].count()
    return counted if counted <= COUNT_LIMIT else None
