"""The one place where errors become HTTP responses."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from spatial.errors import WakuncarError, as_error

JSON_SAFE = (str, int, float, bool, list, dict, type(None))


def validation_details(exc):
    """Each field error with its code and the JSON-ready params the map uses to
    point at the problem (the spot, the repaired shape, the other plot)."""
    if not hasattr(exc, "error_dict"):
        return [
            {"field": None, "code": e.code, "message": m}
            for e, m in zip(exc.error_list, exc.messages, strict=False)
        ]
    details = []
    for field, errors in exc.error_dict.items():
        for error in errors:
            params = {
                k: v
                for k, v in (error.params or {}).items()
                if isinstance(v, JSON_SAFE)
            }
            details.append(
                {
                    "field": field,
                    "code": error.code,
                    "message": next(iter(error)),
                    **params,
                }
            )
    return details


def exception_handler(exc, context):
    """The API's side of the one mapping in spatial.errors: the family's own
    status and user-safe message; a validation error also its details."""
    if isinstance(exc, WakuncarError):
        return Response(
            {"error": exc.code, "message": exc.message, "details": exc.details},
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(
            {
                "error": "invalid",
                "message": " ".join(exc.messages),
                "details": validation_details(exc),
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied | Http404):
        error = as_error(exc)
        return Response(
            {"error": error.code, "message": error.message}, status=error.status
        )
    return drf_exception_handler(exc, context)
