"""One family of errors, and the one place where they become HTTP statuses
(API and pages) and exit codes (management commands).

Each error carries ``message``, safe to show any user in their language, and
``internal``, what an operator or the log needs (a database's own words, a
path); the web only ever shows ``message``. Services raise these; views and
commands turn anything else that escapes a service (a database error, a
Django ValidationError) into one with ``as_error`` first, so they need no
``try`` of their own."""

import logging

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# sysexits.h: what a script calling a command can tell apart.
EX_FAILURE = 1
EX_DATAERR = 65
EX_NOINPUT = 66
EX_TEMPFAIL = 75
EX_NOPERM = 77


class WakuncarError(Exception):
    status = 400
    exit_code = EX_DATAERR
    code = "error"

    def __init__(self, message, *, details=None, internal=None):
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.internal = internal or message


class InvalidInput(WakuncarError, ValueError):
    code = "invalid"


class NotPermitted(WakuncarError):
    status = 403
    exit_code = EX_NOPERM
    code = "forbidden"


class NotFound(WakuncarError):
    status = 404
    exit_code = EX_NOINPUT
    code = "not_found"


class PreconditionRequired(WakuncarError):
    status = 428
    code = "version_required"


class Conflict(WakuncarError):
    status = 409
    exit_code = EX_TEMPFAIL
    code = "conflict"


class TooMany(WakuncarError):
    """A limit per user and day (the upload quota) is reached."""

    status = 429
    exit_code = EX_TEMPFAIL
    code = "quota"


class DatabaseFailure(WakuncarError):
    """The database refused or lost a write; nothing of it was kept. Its own
    words stay in ``internal``: they may quote values, constraint names or
    SQL, which no page shows."""

    status = 503
    exit_code = EX_TEMPFAIL
    code = "database"


def as_error(exc):
    """``exc`` as one of the family, with a message fit for any user."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import DatabaseError
    from django.http import Http404

    if isinstance(exc, WakuncarError):
        return exc
    if isinstance(exc, ValidationError):
        return InvalidInput(" ".join(exc.messages))
    if isinstance(exc, PermissionDenied):
        return NotPermitted(str(exc) or _("You may not do this."))
    if isinstance(exc, Http404):
        return NotFound(_("Not found."))
    if isinstance(exc, DatabaseError):
        return DatabaseFailure(
            _("the database did not accept the change; nothing was saved"),
            internal=first_line(exc),
        )
    raise TypeError(f"{type(exc).__name__} is not an error of the family")


def first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else repr(exc)


def http_status(exc):
    return as_error(exc).status


def public_message(exc):
    """What a web page or the API says about ``exc``."""
    return as_error(exc).message


def command_error(exc, *, hint=""):
    """A CommandError for ``exc``: one line, its internal words (the command's
    user is the operator) and ``hint`` (the options that answer it), with the
    family's exit code."""
    from django.core.management import CommandError

    error = as_error(exc)
    return CommandError(f"{error.internal}{hint}", returncode=error.exit_code)


def field_invalid(field, message, *, code, **params):
    """A Django ValidationError on one model field with its message filled in
    (a dict of plain messages would leave the %(placeholders)s unformatted)."""
    from django.core.exceptions import ValidationError

    return ValidationError({field: ValidationError(message, code=code, params=params)})
