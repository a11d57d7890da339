"""Errors as OGC API exceptions ({"code", "description"}, Part 1 7.5.1): the
one place where ogc/ and tiles/ views turn the error family of spatial.errors,
404s and DRF's authentication failures into HTTP. The REST API keeps its own
body shape in spatial.api.errors."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException

from spatial.errors import WakuncarError

from .negotiation import wants_html

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


def html_response(request, status, description):
    """The same error as a page, for a browser that asked for HTML."""
    return render(
        request,
        "ogc/error.html",
        {"status": status, "description": str(description)},
        status=status,
    )


def _asks_for_html(request):
    if request is None:
        return False
    try:
        return wants_html(request)
    except WakuncarError:  # a bad ?f= is itself answered in JSON
        return False


def handler(exc, context):
    request = context.get("request")
    answer = (
        (lambda s, d: html_response(request, s, d))
        if _asks_for_html(request)
        else exception_response
    )
    if isinstance(exc, WakuncarError):
        return answer(exc.status, exc.message)
    if isinstance(exc, Http404):
        return answer(404, str(exc) or _("Not found."))
    if isinstance(exc, APIException):
        response = answer(exc.status_code, exc.detail)
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Token"
        return response
    return None
