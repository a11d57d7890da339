"""Database faults seen by web users: a page that says what happened (503)
instead of a server error, and a limit on how long one statement of a web
request may run. Recovery needs nothing here: connections are health-checked
before reuse (CONN_HEALTH_CHECKS), so the first request after the database
returns reconnects."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# SQLSTATE: statement_timeout fired; the server is shutting down or starting.
QUERY_CANCELED = "57014"
SERVER_GOING = {"57P01", "57P02", "57P03"}
RETRY_AFTER_S = 30


def fault_kind(exc):
    """'unavailable' when the database cannot be reached, 'timeout' when a
    statement ran past the web limit, else None (a real server error)."""
    if not isinstance(exc, DatabaseError):
        return None
    code = getattr(exc.__cause__, "pgcode", None)
    if isinstance(exc, OperationalError) and code == QUERY_CANCELED:
        return "timeout"
    if isinstance(exc, InterfaceError):
        return "unavailable"
    # No SQLSTATE: the connection failed or dropped before the server said why.
    if isinstance(exc, OperationalError) and (
        code is None or code.startswith("08") or code in SERVER_GOING
    ):
        return "unavailable"
    return None


def fault_response(request, kind):
    if kind == "timeout":
        message = _(
            "This request took longer than the server allows. Try a smaller "
            "area or fewer layers, or try again later."
        )
    else:
        message = _(
            "The database cannot be reached just now. Nothing you sent was "
            "saved. Please try again in a minute."
        )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": kind}, status=503)
    else:
        # Rendered without the request: its context processors (user, menu)
        # would go back to the database that has just failed.
        response = HttpResponse(
            render_to_string("safeguards/503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


class DatabaseFaultMiddleware:
    """A view that fails on an unreachable database answers 503 with a page
    (or JSON under /api/), in DEBUG too; faults outside views reach
    ``server_error``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = fault_kind(exception)
        if kind is None:
            return None
        first_line = (str(exception).strip() or repr(exception)).splitlines()[0]
        logger.warning(
            "%s %s: database %s: %s", request.method, request.path, kind, first_line
        )
        return fault_response(request, kind)


def server_error(request, template_name="500.html"):
    """handler500: the 503 page for a database fault raised outside a view
    (a session saved after the response, a middleware's query)."""
    kind = fault_kind(sys.exc_info()[1])
    if kind is not None:
        return fault_response(request, kind)
    return defaults.server_error(request, template_name)


# Set by wakuncar.wsgi: only the web server's connections get the limit, not
# management commands (imports, exports, backups), which may run long.
_serving_web = False


def serve_web():
    global _serving_web
    _serving_web = True


def web_statement_timeout_ms():
    return int(settings.WAKUNCAR_WEB_STATEMENT_TIMEOUT_S * 1000)


def web_session_settings():
    """(name, value) of each setting a web connection runs with: the statement
    timeout, and JIT off. PostgreSQL compiles with LLVM any plan it costs above
    jit_above_cost (100,000), which the planner gives a low-zoom households
    tile: 190 ms of compiling for a tile whose SQL runs in 40 ms, measured
    with EXPLAIN ANALYZE on the million-household bench. Web statements are
    short by design (the timeout); commands (imports, exports, reports) keep
    the server's JIT."""
    found = [("jit", "off")]
    if web_statement_timeout_ms() > 0:
        found.append(("statement_timeout", f"{web_statement_timeout_ms()}ms"))
    return found


def apply_web_session(cursor):
    """The web settings on the connection of ``cursor``, in one statement (the
    benchmarks use it too, so their direct SQL runs as the server's does)."""
    found = web_session_settings()
    calls = ", ".join("set_config(%s, %s, false)" for _ in found)
    cursor.execute(f"SELECT {calls}", [part for pair in found for part in pair])  # noqa: S608 - placeholders only


def limit_web_statements(sender, connection, **kwargs):
    """connection_created: a web server's new connection gets the web settings
    as session settings, once, not a query per request."""
    if _serving_web:
        with connection.cursor() as cursor:
            apply_web_session(cursor)


class LongRequestMiddleware:
    """Views named in WAKUNCAR_LONG_REQUESTS (the upload page's check and
    commit, which are imports) run without the web statement timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not (_serving_web and match):
            return None
        if match.view_name not in settings.WAKUNCAR_LONG_REQUESTS:
            return None
        _set_timeout(0)
        try:
            return view_func(request, *view_args, **view_kwargs)
        finally:
            _set_timeout(web_statement_timeout_ms())


def _set_timeout(milliseconds):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"]
        )
