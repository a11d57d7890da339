"""What the dashboard pages show, built from a status (perda.services): the RT
features of the choropleth, the table rows, the charts and every label, as
plain data for the template and the page's JSON config. No HTML here: the
template escapes, the scripts write text nodes."""

import json

from django.db import connection
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import Household, WasteDisposal
from landuse.models import PlotStatus
from spatial import permissions
from waste.models import Kind

from . import rules
from .disclosure import SUPPRESSED
from .indicators import FACILITY_KINDS

LEVEL_COLOURS = {
    rules.GREEN: "#2b9348",
    rules.YELLOW: "#f2c230",
    rules.RED: "#d62828",
    rules.NO_DATA: "#9e9e9e",
}

# The indicators a table column or the choropleth can show: key, label, unit.
COLUMNS = (
    ("households", gettext_lazy("Households"), ""),
    ("households_surveyed", gettext_lazy("Surveyed"), ""),
    ("coverage_pct", gettext_lazy("Surveyed in the last 12 months"), "%"),
    ("sorting_pct", gettext_lazy("Sorting waste"), "%"),
    ("burning_pct", gettext_lazy("Burning waste"), "%"),
    ("far_pct", gettext_lazy("Far from waste services"), "%"),
    ("distance_mean_m", gettext_lazy("Mean distance to a facility"), "m"),
    ("no_septic_pct", gettext_lazy("Latrine without septic tank"), "%"),
    ("desludging_overdue", gettext_lazy("Desludging overdue (Arseti)"), ""),
    ("idle_ha", gettext_lazy("Idle land not in use"), "ha"),
    ("idle_pct", gettext_lazy("Idle land, share of area"), "%"),
    ("plots_unverified_overdue", gettext_lazy("Plots unverified too long"), ""),
    ("dumps_open", gettext_lazy("Open dumping/burning spots"), ""),
    ("dumps_oldest_open_days", gettext_lazy("Oldest open spot"), gettext_lazy("days")),
    ("dumps_cleared", gettext_lazy("Spots cleared"), ""),
    ("facilities", gettext_lazy("Waste facilities"), ""),
)
COLUMN_KEYS = tuple(key for key, _label, _unit in COLUMNS)


def column_labels():
    return [
        {"key": key, "label": str(label), "unit": str(unit)}
        for key, label, unit in COLUMNS
    ]


def rt_rows(status):
    """Table rows of a kelurahan: each RT with its level and the columns."""
    return [
        {
            "id": rt.rt.pk,
            "label": str(rt.rt),
            "code": rt.rt.code,
            "level": rt.level,
            "level_label": str(rules.LEVEL_LABELS[rt.level]),
            "severity": rules.SEVERITY[rt.level],
            "cells": [_cell(rt.indicators, key) for key in COLUMN_KEYS],
            "fired": [f.message for f in rt.fired],
        }
        for rt in status.rts
    ]


def kelurahan_rows(city):
    """Table rows of the city: each kelurahan with its RTs' levels."""
    rows = []
    for k in city.kelurahan:
        worst = max((rt.level for rt in k.rts), key=rules.SEVERITY.get, default=None)
        rows.append(
            {
                "slug": k.kelurahan.slug,
                "label": k.kelurahan.name,
                "kecamatan": k.kelurahan.kecamatan.name,
                "url": reverse("perda:kelurahan", args=[k.kelurahan.slug]),
                "levels": [k.levels[level] for level in rules.LEVELS],
                "worst": worst or rules.NO_DATA,
                "severity": rules.SEVERITY[worst or rules.NO_DATA],
                "cells": [_cell(k.indicators, key) for key in COLUMN_KEYS],
            }
        )
    return rows


def _cell(values, key):
    value = values.get(key)
    if value is None:
        return {"sort": "", "text": "—"}
    if value == SUPPRESSED:
        return {"sort": "", "text": SUPPRESSED}
    text = number_format(value, _places(value), force_grouping=True)
    return {"sort": value, "text": text}


def rt_features(statuses):
    """The RTs of one or more kelurahan statuses as GeoJSON, with their level,
    indicators and the sentences of the rules that fired (one query for the
    geometry of them all)."""
    by_id = {rt.rt.pk: (k, rt) for k in statuses for rt in k.rts}
    if not by_id:
        return {"type": "FeatureCollection", "features": []}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ST_AsGeoJSON(geom, 6) FROM spatial_rt WHERE id = ANY(%s)",
            [list(by_id)],
        )
        shapes = dict(cursor.fetchall())
    features = []
    for pk, (k, rt) in by_id.items():
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": json.loads(shapes[pk]),
                "properties": {
                    "label": f"{rt.rt} · {k.kelurahan.name}",
                    "code": rt.rt.code,
                    "kelurahan": k.kelurahan.slug,
                    "level": rt.level,
                    "levelLabel": str(rules.LEVEL_LABELS[rt.level]),
                    "fired": [
                        {"code": f.code, "level": f.level, "message": f.message}
                        for f in rt.fired
                    ],
                    "values": {key: rt.indicators.get(key) for key in COLUMN_KEYS},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def outline(kelurahan_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT json_build_object('type', 'FeatureCollection', 'features', "
            "COALESCE(json_agg(json_build_object('type', 'Feature', 'id', id, "
            "'properties', json_build_object('name', name), 'geometry', "
            "ST_AsGeoJSON(geom, 6)::json)), '[]'::json)) "
            "FROM spatial_kelurahan WHERE %s OR id = ANY(%s::bigint[])",
            [kelurahan_ids is None, list(kelurahan_ids or ())],
        )
        return cursor.fetchone()[0]


def facilities(kelurahan_ids):
    """Active TPS, TPS3R, TPST and bank sampah (public records) of the
    kelurahan and within 1 km of it: a household's nearest one may lie across
    the boundary."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w.id, w.name, w.kind, ST_Y(w.geom), ST_X(w.geom)
            FROM waste_wastepoint w
            WHERE w.kind IN {FACILITY_KINDS} AND w.status = 'active'
              AND (%s OR EXISTS (
                  SELECT 1 FROM spatial_kelurahan k
                  WHERE k.id = ANY(%s::bigint[])
                    -- 0.01° is over 1 km here: the box finds the candidates
                    -- on the index, the spheroid decides.
                    AND w.geom && ST_Expand(k.geom, 0.01)
                    AND ST_DWithin(k.geom::geography, w.geom::geography, 1000)))
            ORDER BY w.id
            """,  # noqa: S608 - module constants only
            [kelurahan_ids is None, list(kelurahan_ids or ())],
        )
        kinds = dict(Kind.choices)
        return [
            {
                "id": pk,
                "name": name or str(kinds[kind]),
                "kind": kind,
                "kindLabel": str(kinds[kind]),
                "lat": lat,
                "lng": lng,
            }
            for pk, name, kind, lat, lng in cursor.fetchall()
        ]


def charts(indicator_values, levels):
    """Data of the three charts: RTs per level, disposal methods, idle land by
    status. Values withheld for the public (None) are left out."""
    disposal = dict(WasteDisposal.choices)
    statuses = dict(PlotStatus.choices)
    return {
        "levels": {
            "labels": [str(rules.LEVEL_LABELS[level]) for level in rules.LEVELS],
            "colours": [LEVEL_COLOURS[level] for level in rules.LEVELS],
            "values": [levels[level] for level in rules.LEVELS],
            "title": _("RTs per warning level"),
        },
        "disposal": {
            "labels": [str(disposal[v]) for v in WasteDisposal.values],
            "values": [
                indicator_values.get(f"disposal_{v}") for v in WasteDisposal.values
            ],
            "title": _("How households dispose of their waste"),
        },
        "idle": {
            "labels": [str(statuses[s]) for s in PlotStatus.values],
            "values": [indicator_values.get(f"idle_ha_{s}") for s in PlotStatus.values],
            "title": _("Idle land by status (ha)"),
        },
    }


def labels():
    return {
        "levels": {level: str(label) for level, label in rules.LEVEL_LABELS.items()},
        "level": _("Warning level"),
        "legend": _("Legend"),
        "colourBy": _("Colour RTs by"),
        "noValue": _("no value"),
        "suppressed": _("fewer than 5, withheld"),
        "farHouseholds": _("Households far from a facility"),
        "openDumps": _("Open dumping and burning spots"),
        "unverifiedPlots": _("Idle plots waiting for verification"),
        "none": _("none"),
        "household": _("Household"),
        "metres": _("m"),
        "days": _("days"),
        "serviceArea": _("Service area"),
        "servedHouseholds": _("households for which it is the nearest facility"),
        "facility": _("Waste facility"),
        "rulesFired": _("Rules that fired"),
        "noRule": _("No rule fired."),
        "clickRt": _("Click an RT to list what lies behind its warning."),
        "loadError": _("Could not load the records of this RT."),
        "reportedOn": _("reported on"),
        "waiting": _("waiting"),
        "more": _("and %(n)s more"),
    }


def page_config(*, user, statuses, kelurahan_ids, summary, levels, public):
    may_drill = not public and all(
        permissions.may_see_rt_records(user, k.kelurahan) for k in statuses
    )
    return {
        "rts": rt_features(statuses),
        "outline": outline(kelurahan_ids),
        "facilities": facilities(kelurahan_ids),
        "columns": column_labels(),
        "levelColours": LEVEL_COLOURS,
        "labels": labels(),
        "charts": charts(summary, levels),
        "public": public,
        "urls": {
            "rtRecords": reverse("perda:rt-records", args=["SLUG", 0])
            if may_drill
            else None,
            "serviceArea": reverse("perda:service-area", args=[0]),
        },
        "sees_households": permissions.visible(user, Household.objects.all()).exists(),
    }


CARDS = (
    "households",
    "coverage_pct",
    "sorting_pct",
    "burning_pct",
    "far_pct",
    "no_septic_pct",
    "idle_ha",
    "plots_unverified_overdue",
    "dumps_open",
)


def summary_cards(values):
    """The kelurahan's headline figures, each as text with its label."""
    labels = {key: (label, unit) for key, label, unit in COLUMNS}
    cards = []
    for key in CARDS:
        label, unit = labels[key]
        text = _cell(values, key)["text"]
        if unit and text not in ("—", SUPPRESSED):
            text = f"{text} {unit}" if unit != "%" else f"{text} %"
        cards.append({"key": key, "label": str(label), "text": text})
    return cards


def _places(value):
    """Shares and averages with one decimal, counts without."""
    return 1 if isinstance(value, float) else 0
