"""The survey upload pages: upload → preview → commit. Each view parses a form,
calls the survey service and renders or redirects; what may be uploaded where
is decided in spatial.permissions, what a file holds in spatial.services."""

from contextlib import contextmanager
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from spatial.errors import WakuncarError, http_status, public_message
from spatial.permissions import (
    may_add,
    may_see_import_rows,
    may_view_import,
    viewable_imports,
)
from surveys.models import SurveyImport
from surveys.rejects import write_rejected, write_rejected_xlsx
from surveys.services import survey_import
from surveys.storage import max_upload_bytes, survey_layer, survey_upload

from .forms import LAYER_CHOICES, CheckForm, UploadForm, upload_kelurahan
from .uploading import CachedProgress, SizeLimit, progress_of

SHOWN_ROWS = 1_000
UPLOADS_PER_PAGE = 20


@csrf_exempt
@login_required
def upload(request):
    # Upload handlers must be in place before anything reads request.POST, and
    # the CSRF middleware would; so CSRF is checked in _upload instead.
    if not upload_kelurahan(request.user):
        raise PermissionDenied
    request.upload_handlers.insert(0, SizeLimit(request, max_upload_bytes()))
    return _upload(request)


@csrf_protect
def _upload(request):
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        too_large=getattr(request, "upload_too_large", None),
    )
    if not posted or not form.is_valid():
        return _upload_page(request, form, status=400 if posted else 200)
    data = form.cleaned_data
    try:
        record = survey_upload(
            file=data["file"],
            filename=data["file"].name,
            layer=data["layer"],
            kelurahan=data["kelurahan"],
            user=request.user,
        )
    except WakuncarError as exc:
        form.add_error(None, public_message(exc))
        return _upload_page(request, form, status=http_status(exc))
    survey_import(
        survey_import=record,
        user=request.user,
        options=form.options(),
        dry_run=True,
        progress=CachedProgress(data["progress_token"]),
    )
    return redirect("uploads:detail", pk=record.pk)


def _upload_page(request, form, *, status):
    return render(
        request,
        "surveys/upload.html",
        {
            "form": form,
            "max_mb": max_upload_bytes() // 1048576,
            "uploads": _uploads_page(request),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request, pk):
    record = _record(request, pk)
    return _detail(request, record, CheckForm(survey_import=record))


@login_required
@require_POST
def check(request, pk):
    record = _record(request, pk, change=True)
    if not record.checkable:
        return _refused(request, record)
    form = CheckForm(request.POST, survey_import=record)
    if not form.is_valid():
        return _detail(request, record, form, status=400)
    with _told(request):
        survey_import(
            survey_import=record,
            user=request.user,
            options=form.options(),
            dry_run=True,
            progress=CachedProgress(form.cleaned_data["progress_token"]),
        )
    return redirect("uploads:detail", pk=record.pk)


@login_required
@require_POST
def commit(request, pk):
    """Writes what the last preview showed, with its options, checked again."""
    record = _record(request, pk, change=True)
    if not record.committable:
        return _refused(request, record)
    with _told(request):
        survey_import(
            survey_import=record,
            user=request.user,
            dry_run=False,
            progress=CachedProgress(request.POST.get("progress_token")),
        )
    return redirect("uploads:detail", pk=record.pk)


REJECTED_FORMATS = {
    "csv": ("text/csv; charset=utf-8", write_rejected),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write_rejected_xlsx,
    ),
}


@login_required
@require_GET
def rejected(request, pk, format="csv"):
    record = _record(request, pk)
    if not may_see_import_rows(request.user, record):
        raise PermissionDenied
    content_type, write = REJECTED_FORMATS[format]
    response = HttpResponse(content_type=content_type)
    suffix = _("rejected")  # the file's name: kobo-ditolak.xlsx
    name = f"{Path(record.filename).stem}-{suffix}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    write(survey_import=record, out=response, user=request.user)
    return response


@login_required
@require_GET
def progress(request, token):
    return JsonResponse(progress_of(token))


def _detail(request, record, form, status=200):
    may_see_rows = may_see_import_rows(request.user, record)
    report = record.report if may_see_rows else record.report.for_reviewer()
    return render(
        request,
        "surveys/upload_detail.html",
        {
            "record": record,
            "layer_label": survey_layer(record.layer).label,
            "report": report,
            "form": form,
            "errors": report.errors[:SHOWN_ROWS],
            "duplicates": report.duplicate_rows[:SHOWN_ROWS],
            "warnings": report.warnings[:SHOWN_ROWS],
            "shown_rows": SHOWN_ROWS,
            # Not beside options with errors: it would import with the last
            # checked ones, not what the form now shows.
            "may_commit": record.committable
            and not form.errors
            and _may_write(request.user, record),
            "map_config": _map_config(record, report),
            "map_url": reverse("map-editor") + f"?kelurahan={record.kelurahan.slug}",
            "committed_at": parse_datetime(report.committed_at or ""),
            "earlier_at": report.already_imported
            and parse_datetime(report.already_imported.at),
            "uploader": record.user or record.get_via_display(),
            "may_see_rows": may_see_rows,
        },
        status=status,
    )


def _refused(request, record):
    """Why the page will not check or commit ``record``."""
    if record.status == SurveyImport.Status.COMMITTED:
        message = _("This file has been imported already.")
    elif record.via != SurveyImport.Via.PAGE:
        message = _(
            "This file was sent from the command line; upload it on this page to "
            "check and import it here."
        )
    else:
        message = _("There is nothing to import yet: check the file first.")
    messages.info(request, message)
    return redirect("uploads:detail", pk=record.pk)


@contextmanager
def _told(request):
    """A refusal of the service (another import finished first, say) becomes
    a message on the page, not an error page."""
    try:
        yield
    except (WakuncarError, DatabaseError) as exc:
        messages.error(request, public_message(exc))


def _uploads_page(request):
    """Earlier uploads the user may open, newest first: a surveyor's own, a
    lurah's kelurahan's (to review and commit), all for the city admin. The
    reports (every rejected row) stay in the database; the list needs counts."""
    uploads = (
        viewable_imports(request.user, SurveyImport.objects.all())
        .select_related("kelurahan", "user")
        .defer("report", "kelurahan__geom")
        .annotate(new_rows=Cast(KT("report__new"), IntegerField()))
        .order_by("-at", "-pk")
    )
    page = Paginator(uploads, UPLOADS_PER_PAGE).get_page(request.GET.get("page"))
    labels = dict(LAYER_CHOICES)
    for record in page:
        record.layer_label = labels.get(record.layer, record.layer)
    return page


def _record(request, pk, *, change=False):
    record = get_object_or_404(
        SurveyImport.objects.select_related("kelurahan", "user"), pk=pk
    )
    if not may_view_import(request.user, record):
        raise Http404
    if change and not _may_write(request.user, record):
        raise PermissionDenied
    return record


def _may_write(user, record):
    return may_add(user, survey_layer(record.layer).model, record.kelurahan)


def _map_config(record, report):
    return {
        "boundary": record.kelurahan.geom.json,
        "points": report.points,
        "labels": {
            "new": _("Imported")
            if record.status == SurveyImport.Status.COMMITTED
            else _("New"),
            "duplicate": _("Duplicate"),
            "outside": _("Outside the kelurahan"),
            "swapped": _("Latitude/longitude swapped"),
            "invalid": _("Invalid"),
            "row": _("Row"),
            "legend": _("Legend"),
        },
    }
