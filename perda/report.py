"""The lurah's monthly report: the month's snapshot of every indicator and
level (taken on demand when the month has none), what changed since the month
before, a map drawn server-side, and the records to follow up. Three versions
by who asks (spatial.permissions): with personal data (the lurah of the
kelurahan, the city admin, a granted planner), without it (planner, surveyor),
and the public's, with small counts withheld and no single record.

The PDF is made by WeasyPrint, not headless chromium: it is a Python library
with Debian's pango underneath (two small packages in OS_PACKAGES), so a
fresh machine, a cron job or a web worker renders a report without starting
a browser, and the same HTML and print stylesheet serve the page and the
PDF. Its url_fetcher refuses everything: the report needs nothing from
outside, and a stray URL must not make it wait on the network."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format

from spatial import permissions

from . import indicators, mapsvg, nearest, rules, selectors
from .dashboard import COLUMNS, LEVEL_COLOURS
from .disclosure import SUPPRESSED, suppressed
from .models import Snapshot
from .months import month_end, parse_month
from .services import previous_month, snapshot_take, thresholds_in_force, today

PERSONAL, INTERNAL, PUBLIC = "personal", "internal", "public"
LISTED_HOUSEHOLDS = 100
# The indicators the report compares with the month before.
COMPARED = (
    "households",
    "coverage_pct",
    "sorting_pct",
    "burning_pct",
    "far_pct",
    "no_septic_pct",
    "desludging_overdue",
    "idle_ha",
    "plots_unverified_overdue",
    "dumps_open",
    "dumps_cleared",
)


@dataclass
class Report:
    kelurahan: object
    month: date
    snapshot: Snapshot
    previous: Snapshot | None
    version: str
    user: object
    generated_at: object
    lists: dict


def monthly_report(*, user, kelurahan, month, channel):
    """The report of ``month`` ("YYYY-MM") for ``kelurahan`` as ``user`` may
    read it. A month in the future is refused; a month without a snapshot
    gets one now, and so does the month before, to compare with."""
    first = parse_month(month) if isinstance(month, str) else month
    taken, kept = snapshot_take(month=first, kelurahan=kelurahan, user=user)
    snapshot = (taken or kept)[0]
    before = previous_month(first)
    previous = Snapshot.objects.filter(kelurahan=kelurahan, month=before).first()
    if previous is None:
        p_taken, p_kept = snapshot_take(month=before, kelurahan=kelurahan, user=user)
        previous = (p_taken or p_kept)[0]
    version = _version(user, kelurahan)
    lists = _lists(user, kelurahan, snapshot, version, channel)
    return Report(
        kelurahan, first, snapshot, previous, version, user, timezone.now(), lists
    )


def _version(user, kelurahan):
    if permissions.may_see_report_personal(user, kelurahan):
        return PERSONAL
    if permissions.may_see_dashboard(user, kelurahan):
        return INTERNAL
    return PUBLIC


def _lists(user, kelurahan, snapshot, version, channel):
    if version == PUBLIC:
        return {}
    thresholds = snapshot.data.get("thresholds") or thresholds_in_force()
    thresholds = {**rules.DEFAULTS, **thresholds}
    params = indicators.query_params(
        indicators.Scope(snapshot.as_of, (kelurahan.pk,)), thresholds
    )
    personal = version == PERSONAL
    nearest.refresh((kelurahan.pk,))
    far = selectors.far_households(params, kelurahan_id=kelurahan.pk, personal=personal)
    plots = selectors.unverified_plots(
        params, kelurahan_id=kelurahan.pk, personal=personal
    )
    spots = selectors.open_spots(params, kelurahan_id=kelurahan.pk)
    if personal:
        selectors.log_personal_read(
            user=user,
            kelurahan=kelurahan,
            model="households.Household",
            records=min(len(far), LISTED_HOUSEHOLDS),
            channel=f"perda-report-{channel}",
            detail=f"monthly report {snapshot.month:%Y-%m}",
        )
        selectors.log_personal_read(
            user=user,
            kelurahan=kelurahan,
            model="landuse.IdlePlot",
            records=sum(1 for p in plots if p.get("owner_name")),
            channel=f"perda-report-{channel}",
            detail=f"monthly report {snapshot.month:%Y-%m}",
        )
    return {
        "far": far[:LISTED_HOUSEHOLDS] if personal else [],
        "far_count": len(far),
        "plots": plots,
        "spots": spots,
    }


def context(report, *, for_pdf):
    """The template's context: everything as text and numbers."""
    data = report.snapshot.data
    public = report.version == PUBLIC
    previous = (report.previous.data if report.previous else None) or {}
    before_rts = {r["rt"]: r for r in previous.get("rts", [])}
    rts = []
    levels_by_id = {}
    rt_ids = _rt_ids(report.kelurahan)
    for entry in data["rts"]:
        values = suppressed(entry["indicators"]) if public else entry["indicators"]
        old = before_rts.get(entry["rt"])
        rt_id = rt_ids.get(entry["rt"])
        if rt_id:
            levels_by_id[rt_id] = entry["level"]
        rts.append(
            {
                "code": entry["rt"],
                "label": _rt_label(entry["rt"]),
                "level": entry["level"],
                "level_label": rules.LEVEL_LABELS[entry["level"]],
                "colour": LEVEL_COLOURS[entry["level"]],
                "previous": old and old["level"],
                "previous_label": old and rules.LEVEL_LABELS[old["level"]],
                "changed": bool(old) and old["level"] != entry["level"],
                "rules": [_rule_text(r, public) for r in entry["rules"]],
                "households": _text(values.get("households")),
                "far": _text(values.get("far")),
                "far_pct": _text(values.get("far_pct")),
            }
        )
    now_values = suppressed(data["indicators"]) if public else data["indicators"]
    old_values = previous.get("indicators") or {}
    if public and old_values:
        old_values = suppressed({**indicators.blank(), **old_values})
    labels = {key: (label, unit) for key, label, unit in COLUMNS}
    compared = []
    for key in COMPARED:
        label, unit = labels.get(key, (key, ""))
        now, then = now_values.get(key), old_values.get(key)
        numbers = all(isinstance(v, int | float) for v in (now, then))
        delta = round(now - then, 1) if numbers else None
        compared.append(
            {
                "label": label,
                "unit": unit,
                "now": _text(now),
                "then": _text(then),
                "delta": "" if delta is None else f"{delta:+,}",
            }
        )
    counts = dict.fromkeys(rules.LEVELS, 0)
    for rt in rts:
        counts[rt["level"]] += 1
    thresholds = {**rules.DEFAULTS, **(data.get("thresholds") or {})}
    return {
        "report": report,
        "kelurahan": report.kelurahan,
        "month": report.month,
        "as_of": report.snapshot.as_of,
        "version": report.version,
        "public": public,
        "personal": report.version == PERSONAL,
        "rts": rts,
        "level_counts": [
            {
                "level": level,
                "label": rules.LEVEL_LABELS[level],
                "n": n,
                "colour": LEVEL_COLOURS[level],
            }
            for level, n in counts.items()
        ],
        "compared": compared,
        "previous_month": report.previous and report.previous.month,
        "map": mapsvg.kelurahan_map(report.kelurahan, levels_by_id, public=public),
        "plot_colours": mapsvg.PLOT_COLOURS,
        "point_colours": mapsvg.POINT_COLOURS,
        "lists": report.lists,
        "rules": rules.rule_sentences(thresholds),
        "for_pdf": for_pdf,
        "generated_at": report.generated_at,
        "user": report.user,
        "suppressed_mark": SUPPRESSED,
    }


def render_pdf(report, *, language=None):
    from weasyprint import CSS, HTML

    html = render_to_string("perda/report.html", context(report, for_pdf=True))
    css = Path(finders.find("perda/css/report.css"))
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(filename=str(css), url_fetcher=_no_fetching)]
    )


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"the report fetches nothing ({url})")


def filename(report):
    return f"laporan-perda-{report.kelurahan.slug}-{report.month:%Y-%m}.pdf"


def recent_months(kelurahan, count=12):
    """The last ``count`` months, newest first, each with its snapshot if
    one was taken."""
    first = today().replace(day=1)
    months = []
    for _i in range(count):
        months.append(first)
        first = previous_month(first)
    taken = {
        s.month: s
        for s in Snapshot.objects.filter(kelurahan=kelurahan, month__in=months).only(
            "month", "taken_at", "as_of"
        )
    }
    return [
        {"month": m, "key": f"{m:%Y-%m}", "snapshot": taken.get(m), "end": month_end(m)}
        for m in months
    ]


def _rt_ids(kelurahan):
    from spatial.models import RT

    return dict(RT.objects.filter(rw__kelurahan=kelurahan).values_list("code", "pk"))


def _rt_label(code):
    rw, rt = code.split(".")[-2:]
    return f"RT {rt}/RW {rw}"


def _rule_text(rule, public):
    return {
        "code": rule["code"],
        "level": rule["level"],
        "colour": LEVEL_COLOURS[rule["level"]],
        "message": str(rules.RULE_BY_CODE[rule["code"]].title)
        if public
        else rule["message"],
    }


def _text(value):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return number_format(value, _places(value), force_grouping=True)


def _places(value):
    """Shares and averages with one decimal, counts without."""
    return 1 if isinstance(value, float) else 0
