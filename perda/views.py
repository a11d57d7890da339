"""The Perda pages: parse the request, ask one service, render. A service's
WakuncarError becomes the page (or JSON) with its status in ``shows_errors``,
so no view needs a ``try``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from households.models import Household
from spatial import permissions
from spatial.errors import NotPermitted, WakuncarError

from . import dashboard, records, report, rules
from .forms import ThresholdForm
from .models import ThresholdChange
from .months import parse_day
from .services import (
    city_status,
    find_kelurahan,
    kelurahan_status,
    thresholds_in_force,
    thresholds_update,
    today,
)


def shows_errors(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except WakuncarError as exc:
            if request.path.endswith((".json", ".pdf")):
                return JsonResponse(
                    {"error": exc.code, "message": exc.message}, status=exc.status
                )
            return render(
                request,
                "perda/error.html",
                {"message": exc.message, "status": exc.status},
                status=exc.status,
            )

    return wrapper


def _count(text):
    return int(text) if text and text.isdigit() else None


def _day(request):
    text = request.GET.get("date")
    return parse_day(text) if text else None


@require_GET
@shows_errors
def city(request):
    status = city_status(user=request.user, as_of=_day(request))
    config = dashboard.page_config(
        user=request.user,
        statuses=status.kelurahan,
        kelurahan_ids=None,
        summary=status.indicators,
        levels=status.levels,
        public=status.public,
    )
    return render(
        request,
        "perda/city.html",
        {
            "status": status,
            "rows": dashboard.kelurahan_rows(status),
            "columns": dashboard.COLUMNS,
            "levels": rules.LEVELS,
            "level_labels": rules.LEVEL_LABELS,
            "level_counts": status.levels.items(),
            "config": config,
            "rules": rules.rule_sentences(status.thresholds),
            "may_change_thresholds": permissions.may_change_thresholds(request.user),
        },
    )


@require_GET
@shows_errors
def kelurahan(request, slug):
    place = find_kelurahan(slug)
    status = kelurahan_status(user=request.user, kelurahan=place, as_of=_day(request))
    config = dashboard.page_config(
        user=request.user,
        statuses=[status],
        kelurahan_ids=(place.pk,),
        summary=status.indicators,
        levels=status.levels,
        public=status.public,
    )
    config["urls"]["rtRecords"] = (
        config["urls"]["rtRecords"].replace("SLUG", place.slug)
        if config["urls"]["rtRecords"]
        else None
    )
    return render(
        request,
        "perda/kelurahan.html",
        {
            "kelurahan": place,
            "status": status,
            "rows": dashboard.rt_rows(status),
            "columns": dashboard.COLUMNS,
            "level_counts": status.levels.items(),
            "level_labels": rules.LEVEL_LABELS,
            "config": config,
            "rules": rules.rule_sentences(thresholds_in_force()),
            "summary": dashboard.summary_cards(status.indicators),
            "may_change_thresholds": permissions.may_change_thresholds(request.user),
            "report_month": f"{today():%Y-%m}",
            "map_url": _map_url(request.user, place),
        },
    )


def _map_url(user, kelurahan):
    """The kelurahan's working map, for those who may open it."""
    if not permissions.may_open_kelurahan_map(user, kelurahan):
        return None
    return f"{reverse('map-editor')}?kelurahan={kelurahan.slug}"


@require_GET
@shows_errors
def rt_records(request, slug, rt_id):
    place = find_kelurahan(slug)
    if not permissions.may_see_rt_records(request.user, place):
        raise NotPermitted(
            _("The records behind a warning are for the kelurahan's staff.")
        )
    found = records.rt_records(
        user=request.user, kelurahan=place, rt_id=rt_id, as_of=_day(request)
    )
    return JsonResponse(found)


@require_GET
@shows_errors
def service_area(request, pk):
    sees = permissions.visible(request.user, Household.objects.all()).exists()
    return JsonResponse(
        records.facility_service_area(
            user=request.user, facility_id=pk, with_households=sees
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
@shows_errors
def thresholds(request):
    if not permissions.may_change_thresholds(request.user):
        raise NotPermitted(_("Only the city admin changes the thresholds."))
    current = thresholds_in_force()
    form = ThresholdForm(request.POST or None, initial=current)
    changed = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = thresholds_update(user=request.user, values=form.cleaned_data)
        except WakuncarError as exc:
            form.add_service_errors(exc)
            status = 400
        else:
            return redirect(f"{request.path}?changed={len(changed)}")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "perda/thresholds.html",
        {
            "form": form,
            "groups": form.grouped(),
            "changes": ThresholdChange.objects.select_related("user")[:50],
            "changed": _count(request.GET.get("changed")),
            "rules": rules.rule_sentences(current),
        },
        status=status,
    )


@require_GET
@shows_errors
def report_index(request, slug):
    month = request.GET.get("month")
    place = find_kelurahan(slug)
    if month:
        return redirect("perda:report", slug=place.slug, month=month)
    return render(
        request,
        "perda/report_index.html",
        {"kelurahan": place, "months": report.recent_months(place)},
    )


@require_GET
@shows_errors
def report_page(request, slug, month):
    place = find_kelurahan(slug)
    built = report.monthly_report(
        user=request.user, kelurahan=place, month=month, channel="page"
    )
    return render(request, "perda/report.html", report.context(built, for_pdf=False))


@require_GET
@shows_errors
def report_pdf(request, slug, month):
    place = find_kelurahan(slug)
    built = report.monthly_report(
        user=request.user, kelurahan=place, month=month, channel="pdf"
    )
    pdf = report.render_pdf(built, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename(built)}"'
    return response
