"""One family of errors. Services raise these; spatial.api.errors maps them to
HTTP statuses in one place, so views need no ``try``."""


class WakuncarError(Exception):
    status = 400
    code = "error"

    def __init__(self, message, *, details=None):
        super().__init__(message)
        self.message = message
        self.details = details or []


class InvalidInput(WakuncarError, ValueError):
    code = "invalid"


class NotPermitted(WakuncarError):
    status = 403
    code = "forbidden"


class NotFound(WakuncarError):
    status = 404
    code = "not_found"


class PreconditionRequired(WakuncarError):
    status = 428
    code = "version_required"


class Conflict(WakuncarError):
    status = 409
    code = "conflict"


def field_invalid(field, message, *, code, **params):
    """A Django ValidationError on one model field with its message filled in
    (a dict of plain messages would leave the %(placeholders)s unformatted)."""
    from django.core.exceptions import ValidationError

    return ValidationError({field: ValidationError(message, code=code, params=params)})
