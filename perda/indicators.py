"""The Perda indicators, computed by PostgreSQL in one set-based pass per
family over every RT in scope. ``GROUPING SETS`` gives the RT, kelurahan and
city rows of a family in the same pass, so a kelurahan's figures are its
households' figures (a plot or spot no RT covers still counts for its
kelurahan), never an average of its RTs' shares.

Shares are rounded to one decimal in SQL, and the rules compare the rounded
value, so a page never reads "50.0 % (below 50 %)".

Distances are metres on the spheroid (geography). The nearest facility is
found with a KNN search (``<->``) on the partial geography index that
migration perda 0002 builds on waste_wastepoint, and kept per household by
perda.nearest, which compute() brings up to date first."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from households.models import WasteDisposal
from landuse.models import IdlePlot, PlotStatus

from . import nearest
from .kinds import FACILITY_KINDS, SPOT_KINDS

IDLE_STATUSES = ("reported", "verified", "planned")  # idle land not yet in use
LATRINES = ("own", "shared")
RT, KELURAHAN, CITY = "rt", "kelurahan", "city"

# (kelurahan, rt) grouped → 0, kelurahan only → 1, everything → 3.
GROUPED = """GROUPING(kelurahan_id, rt_id) AS g, kelurahan_id, rt_id"""
SETS = "GROUP BY GROUPING SETS ((kelurahan_id, rt_id), (kelurahan_id), ())"
IN_SCOPE = "(%(all)s OR {alias}.kelurahan_id = ANY(%(kelurahan)s::bigint[]))"


def _local_date(column):
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


HOUSEHOLDS_SQL = f"""
SELECT {GROUPED},
    count(*) AS households,
    count(*) FILTER (WHERE survey_date IS NOT NULL) AS households_surveyed,
    count(*) FILTER (WHERE survey_date > %(recent_from)s) AS households_surveyed_recent,
    round(100.0 * count(*) FILTER (WHERE survey_date > %(recent_from)s)
          / NULLIF(count(*), 0), 1)::float AS coverage_pct,
    count(*) FILTER (WHERE waste_sorted) AS sorting,
    count(*) FILTER (WHERE waste_sorted IS NOT NULL) AS sorting_answered,
    round(100.0 * count(*) FILTER (WHERE waste_sorted)
          / NULLIF(count(*) FILTER (WHERE waste_sorted IS NOT NULL), 0), 1)::float
        AS sorting_pct,
    count(*) FILTER (WHERE waste_disposal = 'burned') AS burning,
    count(*) FILTER (WHERE waste_disposal <> '') AS disposal_answered,
    round(100.0 * count(*) FILTER (WHERE waste_disposal = 'burned')
          / NULLIF(count(*) FILTER (WHERE waste_disposal <> ''), 0), 1)::float
        AS burning_pct,
    {
    ", ".join(
        f"count(*) FILTER (WHERE waste_disposal = '{v}') AS disposal_{v}"
        for v in WasteDisposal.values
    )
},
    count(*) FILTER (WHERE latrine IN {LATRINES}) AS with_latrine,
    count(*) FILTER (WHERE latrine IN {LATRINES} AND septic_tank IS FALSE)
        AS no_septic,
    count(*) FILTER (WHERE latrine IN {LATRINES} AND septic_tank IS NOT NULL)
        AS septic_answered,
    round(100.0 * count(*) FILTER (WHERE latrine IN {LATRINES} AND septic_tank IS FALSE)
          / NULLIF(count(*) FILTER (
                WHERE latrine IN {LATRINES} AND septic_tank IS NOT NULL), 0), 1)::float
        AS no_septic_pct,
    count(*) FILTER (WHERE septic_tank) AS with_septic_tank,
    count(*) FILTER (WHERE septic_tank AND (last_desludged IS NULL
                     OR last_desludged < %(desludge_before)s)) AS desludging_overdue,
    round(100.0 * count(*) FILTER (WHERE septic_tank AND (last_desludged IS NULL
                     OR last_desludged < %(desludge_before)s))
          / NULLIF(count(*) FILTER (WHERE septic_tank), 0), 1)::float
        AS desludging_overdue_pct
FROM households_household h
WHERE {IN_SCOPE.format(alias="h")}
  AND (h.survey_date IS NULL OR h.survey_date <= %(as_of)s)
{SETS}
"""  # noqa: S608 - module constants only

# Each household's nearest active facility, as perda.nearest keeps it (a
# KNN search on the partial geography index, redone only for what changed).
# A household with no facility anywhere counts as far.
DISTANCE_SQL = f"""
SELECT {GROUPED},
    count(n.metres) AS distance_measured,
    count(*) FILTER (WHERE n.metres IS NULL OR n.metres > %(far_m)s) AS far,
    round(100.0 * count(*) FILTER (WHERE n.metres IS NULL OR n.metres > %(far_m)s)
          / NULLIF(count(*), 0), 1)::float AS far_pct,
    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY n.metres))::float
        AS distance_median_m,
    round(max(n.metres))::float AS distance_max_m
FROM households_household h
LEFT JOIN perda_nearestfacility n ON n.household_id = h.id
WHERE {IN_SCOPE.format(alias="h")}
  AND (h.survey_date IS NULL OR h.survey_date <= %(as_of)s)
{SETS}
"""  # noqa: S608 - module constants only

# A plot waits for verification since it was reported: since it was drawn,
# or since a later edit or restore put it back to 'reported' (the revisions).
PLOTS_SQL = f"""
WITH reported_again AS (
    SELECT r.object_id, max(r.at) AS at
    FROM spatial_revision r
    WHERE r.content_type_id = %(plot_type)s
      AND r.after -> 'properties' ->> 'status' = 'reported'
      AND r.before -> 'properties' ->> 'status' IS DISTINCT FROM 'reported'
    GROUP BY r.object_id
), p AS (
    SELECT p.kelurahan_id, p.rt_id, p.status, p.area_m2,
           %(as_of)s - {_local_date("COALESCE(ra.at, p.created_at)")} AS waiting
    FROM landuse_idleplot p
    LEFT JOIN reported_again ra ON ra.object_id = p.id
    WHERE {IN_SCOPE.format(alias="p")}
      AND {_local_date("p.created_at")} <= %(as_of)s
), g AS (
    SELECT {GROUPED},
        count(*) FILTER (WHERE status <> 'rejected') AS plots,
        {
    ", ".join(
        f"count(*) FILTER (WHERE status = '{s}') AS plots_{s}, "
        f"round((COALESCE(sum(area_m2) FILTER (WHERE status = '{s}'), 0)"
        f" / 10000)::numeric, 4)::float AS idle_ha_{s}"
        for s in PlotStatus.values
    )
},
        COALESCE(sum(area_m2) FILTER (WHERE status IN {IDLE_STATUSES}), 0) AS idle_m2,
        count(*) FILTER (WHERE status = 'reported' AND waiting > %(unverified_days)s)
            AS plots_unverified_overdue,
        COALESCE(max(waiting) FILTER (WHERE status = 'reported'), 0)
            AS plots_oldest_unverified_days
    FROM p
    {SETS}
)
SELECT g.*, round((g.idle_m2 / 10000)::numeric, 4)::float AS idle_ha,
    round((100 * g.idle_m2 / NULLIF(a.area_m2, 0))::numeric, 2)::float AS idle_pct
FROM g
LEFT JOIN LATERAL (
    SELECT CASE
        WHEN g.g = 0 THEN (SELECT area_m2 FROM spatial_rt WHERE id = g.rt_id)
        WHEN g.g = 1 THEN (SELECT area_m2 FROM spatial_kelurahan
                           WHERE id = g.kelurahan_id)
        ELSE (SELECT sum(area_m2) FROM spatial_kelurahan k
              WHERE {IN_SCOPE.format(alias="k").replace("k.kelurahan_id", "k.id")})
    END AS area_m2
) a ON true
"""  # noqa: S608 - module constants only

# An illegal dumping or burning spot is open on a day when it was reported by
# then and not cleared by then.
SPOTS_SQL = f"""
WITH w AS (
    SELECT w.kelurahan_id, w.rt_id, w.kind, w.status, w.cleared_on,
           COALESCE(w.reported_on, {_local_date("w.created_at")}) AS reported,
           w.kind IN {SPOT_KINDS}
           AND COALESCE(w.reported_on, {_local_date("w.created_at")}) <= %(as_of)s
           AND NOT (w.status = 'cleared'
                    AND (w.cleared_on IS NULL OR w.cleared_on <= %(as_of)s))
           AND (w.cleared_on IS NULL OR w.cleared_on > %(as_of)s) AS open
    FROM waste_wastepoint w
    WHERE {IN_SCOPE.format(alias="w")}
)
SELECT {GROUPED},
    count(*) FILTER (WHERE open) AS dumps_open,
    count(*) FILTER (WHERE open AND kind = 'illegal_dumping') AS dumps_open_dumping,
    count(*) FILTER (WHERE open AND kind = 'open_burning') AS dumps_open_burning,
    count(*) FILTER (WHERE open AND %(as_of)s - reported > %(red_days)s)
        AS dumps_open_long,
    COALESCE(max(%(as_of)s - reported) FILTER (WHERE open), 0)
        AS dumps_oldest_open_days,
    count(*) FILTER (WHERE kind IN {SPOT_KINDS} AND cleared_on <= %(as_of)s)
        AS dumps_cleared,
    count(*) FILTER (WHERE kind IN {SPOT_KINDS} AND cleared_on <= %(as_of)s
                     AND cleared_on > %(as_of)s - 30) AS dumps_cleared_30d,
    round(avg(cleared_on - reported) FILTER (
        WHERE kind IN {SPOT_KINDS} AND cleared_on <= %(as_of)s), 1)::float
        AS dumps_days_to_clear_avg,
    count(*) FILTER (WHERE kind IN {FACILITY_KINDS} AND status = 'active')
        AS facilities
FROM w
{SETS}
"""  # noqa: S608 - module constants only

FAMILIES = (HOUSEHOLDS_SQL, DISTANCE_SQL, PLOTS_SQL, SPOTS_SQL)
# Columns that are not indicators (idle_m2 becomes idle_ha).
HIDDEN = {"g", "kelurahan_id", "rt_id", "idle_m2"}
COUNT_DEFAULTS = {
    "households": 0,
    "households_surveyed": 0,
    "households_surveyed_recent": 0,
    "coverage_pct": None,
    "sorting": 0,
    "sorting_answered": 0,
    "sorting_pct": None,
    "burning": 0,
    "disposal_answered": 0,
    "burning_pct": None,
    **{f"disposal_{v}": 0 for v in WasteDisposal.values},
    "with_latrine": 0,
    "no_septic": 0,
    "septic_answered": 0,
    "no_septic_pct": None,
    "with_septic_tank": 0,
    "desludging_overdue": 0,
    "desludging_overdue_pct": None,
    "distance_measured": 0,
    "far": 0,
    "far_pct": None,
    "distance_median_m": None,
    "distance_max_m": None,
    "plots": 0,
    **{f"plots_{s}": 0 for s in PlotStatus.values},
    **{f"idle_ha_{s}": 0.0 for s in PlotStatus.values},
    "idle_ha": 0.0,
    "idle_pct": None,
    "plots_unverified_overdue": 0,
    "plots_oldest_unverified_days": 0,
    "dumps_open": 0,
    "dumps_open_dumping": 0,
    "dumps_open_burning": 0,
    "dumps_open_long": 0,
    "dumps_oldest_open_days": 0,
    "dumps_cleared": 0,
    "dumps_cleared_30d": 0,
    "dumps_days_to_clear_avg": None,
    "facilities": 0,
}
INDICATOR_KEYS = tuple(COUNT_DEFAULTS)


@dataclass(frozen=True)
class Scope:
    """What to compute: every kelurahan (``kelurahan_ids`` None) or some."""

    as_of: date
    kelurahan_ids: tuple | None = None


def compute(scope, thresholds):
    """Indicators per unit: a dict keyed ("rt", rt_id), ("kelurahan", id) and
    ("city", None), each a dict with every key of INDICATOR_KEYS. RTs with no
    record at all are absent; callers start from the RT list."""
    params = query_params(scope, thresholds)
    nearest.refresh(scope.kelurahan_ids)
    units = {}
    with connection.cursor() as cursor:
        for sql in FAMILIES:
            cursor.execute(sql, params)
            names = [c.name for c in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(names, row, strict=True))
                key = _unit_key(record)
                if key is None:
                    continue
                values = units.setdefault(key, dict(COUNT_DEFAULTS))
                values.update({k: v for k, v in record.items() if k not in HIDDEN})
    return units


def blank():
    return dict(COUNT_DEFAULTS)


def explain_distance(scope):
    """The plan of the distance search (EXPLAIN), for the benchmark and tests."""
    return nearest.explain_measure(scope.kelurahan_ids)


def _unit_key(record):
    if record["g"] == 0:
        if record["rt_id"] is None:
            return None  # what no RT covers counts for its kelurahan only
        return (RT, record["rt_id"])
    if record["g"] == 1:
        return (KELURAHAN, record["kelurahan_id"])
    return (CITY, None)


def query_params(scope, thresholds):
    as_of = scope.as_of
    months = int(thresholds["survey.coverage_months"])
    years = int(thresholds["desludging.interval_years"])
    ids = list(scope.kelurahan_ids or ())
    return {
        "as_of": as_of,
        "tz": settings.TIME_ZONE,
        "all": scope.kelurahan_ids is None,
        "kelurahan": ids,
        "recent_from": _months_before(as_of, months),
        "desludge_before": _months_before(as_of, 12 * years),
        "far_m": thresholds["far_from_service.distance_m"],
        "unverified_days": thresholds["idle_land_unverified.days"],
        "red_days": thresholds["illegal_dump_open.red_days"],
        "plot_type": ContentType.objects.get_for_model(IdlePlot).pk,
    }


def _months_before(day, months):
    """The same day ``months`` earlier (the 31st falls back to the month's end)."""
    import calendar

    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
