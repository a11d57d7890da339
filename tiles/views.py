"""Vector tiles and TileJSON: parse, call one service, respond. Errors are OGC
exceptions like ogc/'s (JSON, 400 for a bad z/x/y, 404 for an unknown layer)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import reverse
from django.utils.http import parse_etags
from django.views.decorators.http import require_GET
from rest_framework.views import APIView

from ogc import exceptions
from ogc.documents import city_bbox
from ogc.negotiation import BodiesRenderedByTheView
from spatial.errors import NotFound

from . import cache, layers
from .grid import tile_coordinates

MVT = "application/vnd.mapbox-vector-tile"


class TileBase(APIView):
    content_negotiation_class = BodiesRenderedByTheView
    # Described by /ogc/api (OGC's own OpenAPI document), not the REST schema.
    schema = None

    def get_exception_handler(self):
        return exceptions.handler

    def layer(self, name):
        found = layers.LAYERS.get(name)
        if found is None:
            raise NotFound(
                f"No tile layer {name!r}; there are {', '.join(layers.LAYERS)}."
            )
        return found


def caching_headers(response, request, etag):
    # Tiles differ by who asks: a shared cache may keep only the public ones.
    audience = "private" if request.user.is_authenticated else "public"
    response["Cache-Control"] = f"{audience}, max-age={settings.WAKUNCAR_TILE_MAX_AGE}"
    response["Vary"] = "Cookie, Authorization, Accept-Encoding"
    response["ETag"] = etag
    return response


def accepts_gzip(request):
    return re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))


class Tile(TileBase):
    def get(self, request, layer, z, x, y):
        tile_layer = self.layer(layer)
        z, x, y = tile_coordinates(z, x, y)
        key = cache.tile_key(user=request.user, layer=tile_layer, z=z, x=x, y=y)
        etag = cache.etag_for(key)
        # The gzipped answer is another representation: a weak ETag, as
        # GZipMiddleware gives it; either validates the tile.
        asked = set(parse_etags(request.headers.get("If-None-Match", "")))
        held = next((tag for tag in (etag, f"W/{etag}") if tag in asked), None)
        if held is not None:
            return caching_headers(HttpResponse(status=304), request, held)
        body = cache.cached_tile(
            key,
            lambda: layers.tile_body(
                user=request.user, layer=tile_layer, z=z, x=x, y=y
            ),
        )
        packed = cache.gzipped(key, body) if accepts_gzip(request) else None
        if packed is None:
            response = HttpResponse(body, content_type=MVT)
            return caching_headers(response, request, etag)
        response = HttpResponse(packed, content_type=MVT)
        response["Content-Encoding"] = "gzip"
        return caching_headers(response, request, f"W/{etag}")


class TileJson(TileBase):
    def get(self, request, layer):
        tile_layer = self.layer(layer)
        template = request.build_absolute_uri(
            reverse("tiles:tile", args=[layer, 0, 0, 0])
        ).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")
        w, s, e, n = city_bbox()
        doc = {
            "tilejson": "3.0.0",
            "name": tile_layer.name,
            "scheme": "xyz",
            "tiles": [template],
            "minzoom": tile_layer.minzoom,
            "maxzoom": tile_layer.maxzoom,
            "bounds": [w, s, e, n],
            "center": [(w + e) / 2, (s + n) / 2, 13],
            "vector_layers": tile_layer.vector_layers(request.user),
            "points_from_zoom": layers.POINTS_FROM_ZOOM,
        }
        response = HttpResponse(json.dumps(doc), content_type="application/json")
        response["Vary"] = "Cookie, Authorization"
        return response


@require_GET
def preview(request, layer):
    """A map of one tile layer alone, centred on ``?lat=&lon=&zoom=`` (the
    city's centre by default)."""
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    if layer not in layers.LAYERS:
        raise Http404(layer)
    centre = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    config = {
        "center": [
            _number(request.GET.get("lat"), centre[0], 90),
            _number(request.GET.get("lon"), centre[1], 180),
        ],
        "zoom": int(_number(request.GET.get("zoom"), 13, 22)),
        "tilejson": reverse("tiles:tilejson", args=[layer]),
        "detail": reverse("household-list")
        if layer == "households"
        else (
            reverse("idleplot-list")
            if layer == "idle-plots"
            else reverse("wastepoint-list")
        ),
        "labels": {
            "totals": _("Households here"),
            "households": _("households"),
            "members": _("people"),
        },
    }
    return render(request, "tiles/preview.html", {"tile_config": config})


def _number(raw, default, bound):
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return value if -bound <= value <= bound else default
