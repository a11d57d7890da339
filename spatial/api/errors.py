"""The one place where errors become HTTP responses."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from spatial.errors import WakuncarError


def exception_handler(exc, context):
    if isinstance(exc, WakuncarError):
        return Response(
            {"error": exc.code, "message": exc.message, "details": exc.details},
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        return Response(
            {"error": "invalid", "message": " ".join(exc.messages), "fields": fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"error": "forbidden", "message": str(exc) or "Forbidden"},
            status=status.HTTP_403_FORBIDDEN,
        )
    return drf_exception_handler(exc, context)
