"""The export page: pick a layer, a format and filters, and get the file. Each
view parses its form, calls one service and returns the file; a service error
comes back as the page with the error and its HTTP status."""

from functools import wraps

from django.db import DatabaseError
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from spatial.errors import WakuncarError, http_status, public_message
from spatial.permissions import may_summarise

from .forms import LayerExportForm, SummaryExportForm
from .services import exports_boundaries_only, layer_export
from .summaries import summary_export

TEMPLATE = "exports/export.html"


def shows_errors(view):
    """Renders a service's error on the page with its status (400, 403, 404,
    503), by the one mapping in spatial.errors, so the views need no ``try``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (WakuncarError, DatabaseError) as exc:
            return _page(request, error=public_message(exc), status=http_status(exc))

    return wrapper


@require_http_methods(["GET", "POST"])
@shows_errors
def export_page(request):
    if request.method == "GET":
        return _page(request)
    form = LayerExportForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, status=400)
    return _download(layer_export(user=request.user, **form.cleaned_data))


@require_POST
@shows_errors
def summary_download(request):
    form = SummaryExportForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400)
    return _download(summary_export(user=request.user, **form.cleaned_data))


def _download(export):
    return FileResponse(
        export.open_for_download(),
        as_attachment=True,
        filename=export.filename,
        content_type=export.content_type,
    )


def _page(request, *, error=None, status=200):
    """The page, with the form that was sent still filled in."""
    sent = request.POST if request.method == "POST" else None
    layer_data = sent if sent and "layer" in sent else None
    summary_data = sent if sent and "per" in sent else None
    summary_form = None
    if may_summarise(request.user):
        summary_form = SummaryExportForm(summary_data)
    context = {
        "layer_form": LayerExportForm(layer_data, user=request.user),
        "summary_form": summary_form,
        "error": error,
        "boundaries_only": exports_boundaries_only(request.user),
    }
    return render(request, TEMPLATE, context, status=status)
