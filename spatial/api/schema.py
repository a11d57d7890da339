"""What the REST API's OpenAPI schema covers: /api/ only. OGC API – Features
describes itself at /ogc/api, and other apps' JSON views (tiles, rasters) are
not part of the REST API."""


def rest_api_only(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
