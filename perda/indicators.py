"""The Perda indicators, computed by PostgreSQL in one set-based pass per
family over every RT in scope: each family groups its table by RT once and
sums those rows up to the kelurahan and the city, so a kelurahan's figures
are its households' figures (a plot or spot no RT covers still counts for
its kelurahan), never an average of its RTs' shares. (GROUPING SETS did the
same in one statement but sorted the table once per level: twice as slow.)

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
from django.db import connection, transaction

from households.models import WasteDisposal
from landuse.models import IdlePlot, PlotStatus

from . import nearest
from .kinds import FACILITY_KINDS, IN_SCOPE, SPOT_KINDS

IDLE_STATUSES = ("reported", "verified", "planned")  # idle land not yet in use
LATRINES = ("own", "shared")
RT, KELURAHAN, CITY = "rt", "kelurahan", "city"


def _local_date(column):
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


@dataclass(frozen=True)
class Family:
    """One pass over one table: ``source`` yields rows with kelurahan_id and
    rt_id; ``counts`` are aggregates per RT that add up to the kelurahan and
    the city, ``maxima`` are taken upwards as a maximum, ``rt_only`` hold for
    an RT alone (a median does not add up), ``shares`` are percentages of two
    counts, for every row."""

    source: str
    counts: dict
    maxima: dict = None
    rt_only: dict = None
    shares: dict = None
    extra: str = ""

    @property
    def sql(self):
        counts, maxima = self.counts, self.maxima or {}
        rt_only, shares = self.rt_only or {}, self.shares or {}
        per_rt = ",\n        ".join(
            f"{expr} AS {name}"
            for name, expr in {**counts, **maxima, **rt_only}.items()
        )
        summed = ", ".join(
            [f"COALESCE(sum({n}), 0)::{_type(n)} AS {n}" for n in counts]
            + [f"max({n}) AS {n}" for n in maxima]
            + [f"NULL::float AS {n}" for n in rt_only]
        )
        plain = ", ".join([*counts, *maxima, *rt_only])
        percent = "".join(
            f",\n    round(100.0 * {a} / NULLIF({b}, 0), 1)::float AS {name}"
            for name, (a, b) in shares.items()
        )
        return f"""
WITH s AS ({self.source}),
r AS (
    SELECT kelurahan_id, rt_id,
        {per_rt}
    FROM s GROUP BY kelurahan_id, rt_id
), u AS (
    SELECT 0 AS g, kelurahan_id, rt_id, {plain} FROM r
    UNION ALL
    SELECT 1, kelurahan_id, NULL, {summed} FROM r GROUP BY kelurahan_id
    UNION ALL
    SELECT 3, NULL, NULL, {summed} FROM r
)
SELECT u.*{percent}{self.extra}
"""  # noqa: S608 - module constants only


FLOAT_SUMS = {"idle_m2", "distance_sum_m"} | {f"idle_m2_{s}" for s in PlotStatus.values}


def _type(name):
    return "float" if name in FLOAT_SUMS else "bigint"


def _n(condition):
    return f"count(*) FILTER (WHERE {condition})"


WITH_LATRINE = f"latrine IN {LATRINES}"
RECENT = "survey_date > %(recent_from)s"
DESLUDGE_DUE = (
    "septic_tank AND (last_desludged IS NULL OR last_desludged < %(desludge_before)s)"
)
SURVEYED_BY_THEN = "(h.survey_date IS NULL OR h.survey_date <= %(as_of)s)"

HOUSEHOLDS = Family(
    source=f"""
        SELECT h.kelurahan_id, h.rt_id, h.survey_date, h.waste_sorted,
               h.waste_disposal, h.latrine, h.septic_tank, h.last_desludged
        FROM households_household h
        WHERE {IN_SCOPE.format(alias="h")} AND {SURVEYED_BY_THEN}""",  # noqa: S608 - constants
    counts={
        "households": "count(*)",
        "households_surveyed": _n("survey_date IS NOT NULL"),
        "households_surveyed_recent": _n(RECENT),
        "sorting": _n("waste_sorted"),
        "sorting_answered": _n("waste_sorted IS NOT NULL"),
        "burning": _n("waste_disposal = 'burned'"),
        "disposal_answered": _n("waste_disposal <> ''"),
        **{
            f"disposal_{v}": _n(f"waste_disposal = '{v}'") for v in WasteDisposal.values
        },
        "with_latrine": _n(WITH_LATRINE),
        "no_septic": _n(f"{WITH_LATRINE} AND septic_tank IS FALSE"),
        "septic_answered": _n(f"{WITH_LATRINE} AND septic_tank IS NOT NULL"),
        "with_septic_tank": _n("septic_tank"),
        "desludging_overdue": _n(DESLUDGE_DUE),
    },
    shares={
        "coverage_pct": ("households_surveyed_recent", "households"),
        "sorting_pct": ("sorting", "sorting_answered"),
        "burning_pct": ("burning", "disposal_answered"),
        "no_septic_pct": ("no_septic", "septic_answered"),
        "desludging_overdue_pct": ("desludging_overdue", "with_septic_tank"),
    },
)

# Each household's nearest active facility, as perda.nearest keeps it (a
# KNN search on the partial geography index, redone only for what changed).
# A household with no facility anywhere counts as far.
FAR = "n.metres IS NULL OR n.metres > %(far_m)s"
DISTANCE = Family(
    source=f"""
        SELECT h.kelurahan_id, h.rt_id, n.metres,
               n.household_id IS NULL OR NOT n.geom = h.geom AS stale
        FROM households_household h
        LEFT JOIN perda_nearestfacility n
            ON n.household_id = h.id AND {IN_SCOPE.format(alias="n")}
        WHERE {IN_SCOPE.format(alias="h")} AND {SURVEYED_BY_THEN}""",  # noqa: S608 - constants
    counts={
        "distance_households": "count(*)",
        "distance_stale": _n("stale"),
        "distance_sum_m": "COALESCE(sum(metres), 0)",
        "distance_measured": "count(metres)",
        "far": _n(FAR.replace("n.", "")),
    },
    maxima={"distance_max_m": "round(max(metres))::float"},
    rt_only={
        "distance_median_m": (
            "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY metres))::float"
        )
    },
    shares={"far_pct": ("far", "distance_households")},
)

# A plot waits for verification since it was reported: since it was drawn,
# or since a later edit or restore put it back to 'reported' (the revisions).
PLOTS = Family(
    source=f"""
        WITH reported_again AS (
            SELECT r.object_id, max(r.at) AS at
            FROM spatial_revision r
            WHERE r.content_type_id = %(plot_type)s
              AND r.after -> 'properties' ->> 'status' = 'reported'
              AND r.before -> 'properties' ->> 'status' IS DISTINCT FROM 'reported'
            GROUP BY r.object_id
        )
        SELECT p.kelurahan_id, p.rt_id, p.status, p.area_m2,
               %(as_of)s - {_local_date("COALESCE(ra.at, p.created_at)")} AS waiting
        FROM landuse_idleplot p
        LEFT JOIN reported_again ra ON ra.object_id = p.id
        WHERE {IN_SCOPE.format(alias="p")}
          AND {_local_date("p.created_at")} <= %(as_of)s""",  # noqa: S608 - constants
    counts={
        "plots": _n("status <> 'rejected'"),
        **{f"plots_{s}": _n(f"status = '{s}'") for s in PlotStatus.values},
        **{
            f"idle_m2_{s}": f"COALESCE(sum(area_m2) FILTER (WHERE status = '{s}'), 0)"
            for s in PlotStatus.values
        },
        "idle_m2": (
            f"COALESCE(sum(area_m2) FILTER (WHERE status IN {IDLE_STATUSES}), 0)"
        ),
        "plots_unverified_overdue": _n(
            "status = 'reported' AND waiting > %(unverified_days)s"
        ),
    },
    maxima={
        "plots_oldest_unverified_days": (
            "COALESCE(max(waiting) FILTER (WHERE status = 'reported'), 0)"
        )
    },
    extra=f""",
    {
        ", ".join(
            f"round((u.idle_m2_{s} / 10000)::numeric, 4)::float AS idle_ha_{s}"
            for s in PlotStatus.values
        )
    },
    round((u.idle_m2 / 10000)::numeric, 4)::float AS idle_ha,
    round((100 * u.idle_m2 / NULLIF(a.area_m2, 0))::numeric, 2)::float AS idle_pct
FROM u
LEFT JOIN LATERAL (
    SELECT CASE
        WHEN u.g = 0 THEN (SELECT area_m2 FROM spatial_rt WHERE id = u.rt_id)
        WHEN u.g = 1 THEN (SELECT area_m2 FROM spatial_kelurahan
                           WHERE id = u.kelurahan_id)
        ELSE (SELECT sum(area_m2) FROM spatial_kelurahan k
              WHERE {IN_SCOPE.format(alias="k").replace("k.kelurahan_id", "k.id")})
    END AS area_m2
) a ON true""",  # noqa: S608 - constants
)

# An illegal dumping or burning spot is open on a day when it was reported by
# then and not cleared by then.
CLEARED = f"kind IN {SPOT_KINDS} AND cleared_on <= %(as_of)s"
SPOTS = Family(
    source=f"""
        SELECT w.kelurahan_id, w.rt_id, w.kind, w.status, w.cleared_on, w.reported,
               w.kind IN {SPOT_KINDS}
               AND w.reported <= %(as_of)s
               AND NOT (w.status = 'cleared'
                        AND (w.cleared_on IS NULL OR w.cleared_on <= %(as_of)s))
               AND (w.cleared_on IS NULL OR w.cleared_on > %(as_of)s) AS open
        FROM (
            SELECT *, COALESCE(reported_on, {_local_date("created_at")}) AS reported
            FROM waste_wastepoint
        ) w
        WHERE {IN_SCOPE.format(alias="w")}""",  # noqa: S608 - constants
    counts={
        "dumps_open": _n("open"),
        "dumps_open_dumping": _n("open AND kind = 'illegal_dumping'"),
        "dumps_open_burning": _n("open AND kind = 'open_burning'"),
        "dumps_open_long": _n("open AND %(as_of)s - reported > %(red_days)s"),
        "dumps_cleared": _n(CLEARED),
        "dumps_cleared_30d": _n(f"{CLEARED} AND cleared_on > %(as_of)s - 30"),
        "dumps_clear_days": (
            f"COALESCE(sum(cleared_on - reported) FILTER (WHERE {CLEARED}), 0)"
        ),
        "facilities": _n(f"kind IN {FACILITY_KINDS} AND status = 'active'"),
    },
    maxima={
        "dumps_oldest_open_days": (
            "COALESCE(max(%(as_of)s - reported) FILTER (WHERE open), 0)"
        )
    },
    extra=""",
    round(u.dumps_clear_days::numeric / NULLIF(u.dumps_cleared, 0), 1)::float
        AS dumps_days_to_clear_avg
FROM u""",
)

object.__setattr__(HOUSEHOLDS, "extra", "\nFROM u")
# A mean adds up where a median does not: the kelurahan's and city's too.
object.__setattr__(
    DISTANCE,
    "extra",
    """,
    round(u.distance_sum_m / NULLIF(u.distance_measured, 0))::float
        AS distance_mean_m
FROM u""",
)

HOUSEHOLDS_SQL, DISTANCE_SQL, PLOTS_SQL, SPOTS_SQL = (
    f.sql for f in (HOUSEHOLDS, DISTANCE, PLOTS, SPOTS)
)
FAMILIES = (HOUSEHOLDS_SQL, DISTANCE_SQL, PLOTS_SQL, SPOTS_SQL)
# Columns that are not indicators (idle_m2 becomes idle_ha).
HIDDEN = {
    "g",
    "kelurahan_id",
    "rt_id",
    "idle_m2",
    "distance_households",
    "distance_stale",
    "distance_sum_m",
    "dumps_clear_days",
    *(f"idle_m2_{s}" for s in PlotStatus.values),
}
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
    "distance_mean_m": None,
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
    units = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # The KNN search's cost estimate (it runs only for what changed) and
        # GROUPING SETS push these statements past jit_above_cost; compiling
        # them took longer than running them (140 ms against 30 ms for a
        # kelurahan). For this transaction only.
        cursor.execute("SET LOCAL jit = off")
        # Medians sort each RT's distances; at a city's million households
        # the default 4 MB spills that sort to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        nearest.forget_changed_facilities()
        for sql in FAMILIES:
            records = _run(cursor, sql, params)
            if sql is DISTANCE_SQL and _stale(records):
                # Households new, moved or near a changed facility: measure
                # them (KNN), then read the distances again.
                nearest.measure(scope.kelurahan_ids)
                records = _run(cursor, sql, params)
            for record in records:
                key = _unit_key(record)
                if key is None:
                    continue
                values = units.setdefault(key, dict(COUNT_DEFAULTS))
                values.update({k: v for k, v in record.items() if k not in HIDDEN})
    return units


def _run(cursor, sql, params):
    cursor.execute(sql, params)
    names = [c.name for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _stale(records):
    return any(r["g"] == 3 and r["distance_stale"] for r in records)


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
