"""The JSON documents of OGC API – Features: landing page, conformance,
collections, items and the OpenAPI 3.0 definition. Links are absolute."""

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spatial.models import Kelurahan

from . import crs

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def link(request, href, rel, media_type, title=None):
    found = {"href": request.build_absolute_uri(href), "rel": rel, "type": media_type}
    if title:
        found["title"] = str(title)
    return found


def self_links(request, href, media_type):
    """rel=self in the format served and rel=alternate in the other."""
    joiner = "&" if "?" in href else "?"
    html, json_ = f"{href}{joiner}f=html", f"{href}{joiner}f=json"
    if media_type == HTML:
        return [
            link(request, html, "self", HTML),
            link(request, json_, "alternate", JSON),
        ]
    return [
        link(request, json_, "self", media_type),
        link(request, html, "alternate", HTML),
    ]


def landing(request, media_type=JSON):
    return {
        "title": _("Wakuncar GIS: Kota Metro"),
        "description": _(
            "Kelurahan boundaries, households, idle land and waste points of Kota "
            "Metro as OGC API – Features. What each role sees is decided by the "
            "same rules as the web map."
        ),
        "links": [
            *self_links(request, reverse("ogc:landing"), media_type),
            link(
                request,
                reverse("ogc:api"),
                "service-desc",
                OPENAPI,
                _("The API definition"),
            ),
            link(
                request,
                reverse("ogc:api") + "?f=html",
                "service-doc",
                HTML,
                _("The API definition"),
            ),
            link(
                request,
                reverse("ogc:conformance"),
                "conformance",
                JSON,
                _("Conformance"),
            ),
            link(request, reverse("ogc:collections"), "data", JSON, _("Collections")),
        ],
    }


def conformance():
    return {"conformsTo": CONFORMANCE}


def city_bbox():
    extent = Kelurahan.objects.aggregate(extent=Extent("geom"))["extent"]
    return list(extent) if extent else [-180.0, -90.0, 180.0, 90.0]


def collection_doc(request, collection, bbox, media_type=JSON):
    items = reverse("ogc:items", args=[collection.id])
    doc = {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [bbox], "crs": crs.CRS84}},
        "crs": list(crs.SUPPORTED),
        "storageCrs": crs.CRS84,
        "links": [
            *self_links(
                request, reverse("ogc:collection", args=[collection.id]), media_type
            ),
            link(request, items, "items", GEOJSON, collection.title),
            link(request, items + "?f=html", "items", HTML, collection.title),
        ],
    }
    if collection.temporal:
        doc["extent"]["temporal"] = {"interval": [[None, None]], "trs": GREGORIAN}
    return doc


def collections_doc(request, collections, media_type=JSON):
    bbox = city_bbox()
    return {
        "links": self_links(request, reverse("ogc:collections"), media_type),
        "crs": list(crs.SUPPORTED),
        "collections": [collection_doc(request, c, bbox) for c in collections],
    }


def page_links(request, collection, page, query, media_type):
    """self/alternate, next and prev for an items page, keeping the request's
    other parameters."""
    href = reverse("ogc:items", args=[collection.id])
    params = request.GET.copy()
    params.pop("f", None)
    base = f"{href}?{params.urlencode()}" if params else href
    links = self_links(request, base, media_type)
    links.append(
        link(
            request, reverse("ogc:collection", args=[collection.id]), "collection", JSON
        )
    )
    reading_back = query.before is not None
    more_after = page.more if not reading_back else True
    more_before = page.more if reading_back else query.after is not None
    if page.count and more_after:
        links.append(_cursor_link(request, href, params, "next", after=page.last_id))
    if page.count and more_before:
        links.append(_cursor_link(request, href, params, "prev", before=page.first_id))
    return links


def _cursor_link(request, href, params, rel, **cursor):
    params = params.copy()
    params.pop("after", None)
    params.pop("before", None)
    for name, value in cursor.items():
        params[name] = str(value)
    return link(request, f"{href}?{params.urlencode()}", rel, GEOJSON)


def items_members(request, collection, page, matched, query):
    """The members a FeatureCollection page carries beside its features."""
    members = {
        "links": page_links(request, collection, page, query, GEOJSON),
        "timeStamp": timezone.now().isoformat(timespec="seconds"),
        "numberReturned": page.count,
    }
    if matched is not None:
        members["numberMatched"] = matched
    return members


def item_links(request, collection, fid, media_type=GEOJSON):
    href = reverse("ogc:item", args=[collection.id, fid])
    return [
        *self_links(request, href, media_type),
        link(
            request, reverse("ogc:collection", args=[collection.id]), "collection", JSON
        ),
    ]


def openapi(request, collections):
    """The OpenAPI 3.0 definition of this OGC API for the user's collections."""
    maximum = settings.WAKUNCAR_OGC_MAX_LIMIT
    default = settings.WAKUNCAR_OGC_DEFAULT_LIMIT
    params = {
        "bbox": _param(
            "bbox",
            "west,south,east,north (CRS84 unless bbox-crs).",
            {
                "type": "array",
                "minItems": 4,
                "maxItems": 6,
                "items": {"type": "number"},
            },
            explode=False,
            style="form",
        ),
        "bbox-crs": _param(
            "bbox-crs",
            "The CRS of bbox.",
            {"type": "string", "format": "uri", "enum": list(crs.SUPPORTED)},
        ),
        "crs": _param(
            "crs",
            "The CRS of the geometries returned.",
            {"type": "string", "format": "uri", "enum": list(crs.SUPPORTED)},
        ),
        "limit": _param(
            "limit",
            f"Features per page; {default} by default, at most {maximum}.",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": maximum,
                "default": default,
            },
        ),
        "datetime": _param(
            "datetime",
            "A date-time or interval (RFC 3339, '..' for an open end) on the "
            "survey or update time.",
            {"type": "string"},
        ),
        "after": _param(
            "after", "Features after this id (the next link).", {"type": "integer"}
        ),
        "before": _param(
            "before", "Features before this id (the prev link).", {"type": "integer"}
        ),
        "f": _param("f", "Format.", {"type": "string", "enum": ["json", "html"]}),
    }
    ref = "#/components/parameters/"
    paths = {
        "/": _get("Landing page", [ref + "f"]),
        "/conformance": _get("Conformance classes", [ref + "f"]),
        "/api": _get("This API definition", []),
        "/collections": _get("The collections", [ref + "f"]),
    }
    for c in collections:
        filters = [
            _param(name, f"Features whose {name} equals the value.", {"type": "string"})
            for name in c.queryables
        ]
        paths[f"/collections/{c.id}"] = _get(f"The {c.id} collection", [ref + "f"])
        paths[f"/collections/{c.id}/items"] = _get(
            f"Features of {c.id}",
            [
                ref + n
                for n in (
                    "bbox",
                    "bbox-crs",
                    "crs",
                    "limit",
                    "datetime",
                    "after",
                    "before",
                    "f",
                )
            ],
            extra=filters,
            media_type=GEOJSON,
        )
        paths[f"/collections/{c.id}/items/{{featureId}}"] = _get(
            f"One feature of {c.id}",
            [ref + "crs", ref + "f"],
            extra=[
                {
                    "name": "featureId",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            media_type=GEOJSON,
        )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Wakuncar GIS – OGC API – Features",
            "version": "1.0",
            "description": "Send Authorization: Token <key> to see what your "
            "role allows.",
        },
        "servers": [
            {"url": request.build_absolute_uri(reverse("ogc:landing")).rstrip("/")}
        ],
        "paths": paths,
        "components": {
            "parameters": params,
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization"}
            },
            "schemas": {
                "exception": {
                    "type": "object",
                    "required": ["code"],
                    "properties": {
                        "code": {"type": "string"},
                        "description": {"type": "string"},
                    },
                }
            },
        },
        "security": [{}, {"token": []}],
    }


def _param(name, description, schema, **extra):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def _get(summary, refs, *, extra=(), media_type=JSON):
    parameters = [{"$ref": r} for r in refs] + list(extra)
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": summary, "content": {media_type: {}, HTML: {}}},
                "400": {
                    "description": "A bad parameter",
                    "content": {
                        JSON: {"schema": {"$ref": "#/components/schemas/exception"}}
                    },
                },
                "404": {
                    "description": "Not found",
                    "content": {
                        JSON: {"schema": {"$ref": "#/components/schemas/exception"}}
                    },
                },
            },
        }
    }
