"""Errors as OGC API exceptions ({"code", "description"}, Part 1 7.5.1): the
one place where ogc/ and tiles/ views turn the error family of spatial.errors,
404s and DRF's authentication failures into HTTP. The REST API keeps its own
body shape in spatial.api.errors."""

import json

from django.http import Http404, HttpResponse
from rest_framework.exceptions import APIException

from spatial.errors import WakuncarError

CODES = {
    400: "InvalidParameterValue",
    401: "NotAuthenticated",
    403: "Forbidden",
    404: "NotFound",
    406: "NotAcceptable",
}


def exception_response(status, description):
    body = {"code": CODES.get(status, "Error"), "description": str(description)}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def handler(exc, context):
    if isinstance(exc, WakuncarError):
        return exception_response(exc.status, exc.message)
    if isinstance(exc, Http404):
        return exception_response(404, str(exc) or "Not found")
    if isinstance(exc, APIException):
        response = exception_response(exc.status_code, exc.detail)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Token"
        return response
    return None
