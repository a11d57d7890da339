"""The records behind a warning, read for the dashboard map and the report:
an RT's households too far from a facility, its open dumps, its unverified
plots, and a facility's service area. Each is one query; personal fields come
only when the caller says the user may see them."""

import json

from django.db import connection

from spatial.models import PersonalDataAccess

from .indicators import FACILITY_KINDS, SPOT_KINDS

FAR_HOUSEHOLDS_SQL = """
SELECT h.id, ST_Y(h.geom), ST_X(h.geom), round(n.metres)::float, n.facility_id,
       h.head_name, h.address, rt.code, rt.number, rw.number
FROM households_household h
JOIN spatial_rt rt ON rt.id = h.rt_id
JOIN spatial_rw rw ON rw.id = rt.rw_id
LEFT JOIN perda_nearestfacility n ON n.household_id = h.id
WHERE {where}
  AND (h.survey_date IS NULL OR h.survey_date <= %(as_of)s)
  AND (n.metres IS NULL OR n.metres > %(far_m)s)
ORDER BY n.metres DESC NULLS FIRST, h.id
"""

OPEN_SPOTS_SQL = f"""
SELECT w.id, ST_Y(w.geom), ST_X(w.geom), w.kind, w.name, w.status,
       COALESCE(w.reported_on, (w.created_at AT TIME ZONE %(tz)s)::date) AS reported,
       %(as_of)s - COALESCE(w.reported_on, (w.created_at AT TIME ZONE %(tz)s)::date)
           AS age, rt.code
FROM waste_wastepoint w
LEFT JOIN spatial_rt rt ON rt.id = w.rt_id
WHERE {{where}} AND w.kind IN {SPOT_KINDS}
  AND COALESCE(w.reported_on, (w.created_at AT TIME ZONE %(tz)s)::date) <= %(as_of)s
  AND NOT (w.status = 'cleared' AND (w.cleared_on IS NULL OR w.cleared_on <= %(as_of)s))
  AND (w.cleared_on IS NULL OR w.cleared_on > %(as_of)s)
ORDER BY age DESC, w.id
"""  # noqa: S608 - module constants only

UNVERIFIED_PLOTS_SQL = """
WITH reported_again AS (
    SELECT r.object_id, max(r.at) AS at
    FROM spatial_revision r
    WHERE r.content_type_id = %(plot_type)s
      AND r.after -> 'properties' ->> 'status' = 'reported'
      AND r.before -> 'properties' ->> 'status' IS DISTINCT FROM 'reported'
    GROUP BY r.object_id
)
SELECT p.id, ST_AsGeoJSON(p.geom, 6), round(p.area_m2)::float, p.owner_name,
       %(as_of)s - (COALESCE(ra.at, p.created_at) AT TIME ZONE %(tz)s)::date AS waiting,
       rt.code
FROM landuse_idleplot p
LEFT JOIN reported_again ra ON ra.object_id = p.id
LEFT JOIN spatial_rt rt ON rt.id = p.rt_id
WHERE {where} AND p.status = 'reported'
  AND (p.created_at AT TIME ZONE %(tz)s)::date <= %(as_of)s
  AND %(as_of)s - (COALESCE(ra.at, p.created_at) AT TIME ZONE %(tz)s)::date
      > %(unverified_days)s
ORDER BY waiting DESC, p.id
"""

# A facility serves the households whose nearest it is (perda.nearest). Its
# Voronoi cell among all active facilities (in UTM 48S) outlines that area on
# the map; the households themselves come from the kept nearest facility.
CELL_SQL = f"""
WITH f AS (
    SELECT id, ST_Transform(geom, 32748) AS utm
    FROM waste_wastepoint
    WHERE kind IN {FACILITY_KINDS} AND status = 'active'
), cells AS (
    SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(utm), 0,
            ST_Expand(ST_Extent(utm)::geometry, 20000)))).geom AS cell
    FROM f
)
SELECT ST_AsGeoJSON(ST_Transform(c.cell, 4326), 6)
FROM cells c JOIN f ON f.id = %(facility)s
WHERE ST_Contains(c.cell, f.utm)
"""  # noqa: S608 - module constants only

SERVED_SQL = """
SELECT h.id, ST_Y(h.geom), ST_X(h.geom), round(n.metres)::float
FROM perda_nearestfacility n
JOIN households_household h ON h.id = n.household_id
WHERE n.facility_id = %(facility)s AND {where}
ORDER BY h.id
"""


def far_households(params, *, rt_id=None, kelurahan_id=None, personal=False):
    where = "h.rt_id = %(rt)s" if rt_id else "h.kelurahan_id = %(kelurahan)s"
    rows = _fetch(
        FAR_HOUSEHOLDS_SQL.format(where=where),
        {**params, "rt": rt_id, "kelurahan": kelurahan_id},
    )
    return [
        {
            "id": pk,
            "lat": lat,
            "lng": lng,
            "metres": metres,
            "facility": facility,
            "rt": code,
            "rtLabel": f"RT {rt:03d}/RW {rw:03d}",
            **({"head_name": head, "address": address} if personal else {}),
        }
        for pk, lat, lng, metres, facility, head, address, code, rt, rw in rows
    ]


def open_spots(params, *, rt_id=None, kelurahan_id=None):
    where = "w.rt_id = %(rt)s" if rt_id else "w.kelurahan_id = %(kelurahan)s"
    rows = _fetch(
        OPEN_SPOTS_SQL.format(where=where),
        {**params, "rt": rt_id, "kelurahan": kelurahan_id},
    )
    return [
        {
            "id": pk,
            "lat": lat,
            "lng": lng,
            "kind": kind,
            "name": name,
            "status": status,
            "reported": reported.isoformat(),
            "days": age,
            "rt": code,
        }
        for pk, lat, lng, kind, name, status, reported, age, code in rows
    ]


def unverified_plots(params, *, rt_id=None, kelurahan_id=None, personal=False):
    where = "p.rt_id = %(rt)s" if rt_id else "p.kelurahan_id = %(kelurahan)s"
    rows = _fetch(
        UNVERIFIED_PLOTS_SQL.format(where=where),
        {**params, "rt": rt_id, "kelurahan": kelurahan_id},
    )
    return [
        {
            "id": pk,
            "geometry": json.loads(shape),
            "area_m2": area,
            "days": waiting,
            "rt": code,
            **({"owner_name": owner} if personal else {}),
        }
        for pk, shape, area, owner, waiting, code in rows
    ]


def service_area(facility_id, *, kelurahan_id=None):
    """The facility's cell and the households it is nearest to (those in
    ``kelurahan_id`` only, when given): a dict with ``cell`` (GeoJSON or
    None) and ``households``."""
    where = "h.kelurahan_id = %(kelurahan)s" if kelurahan_id else "true"
    params = {"facility": facility_id, "kelurahan": kelurahan_id}
    cell = _fetch(CELL_SQL, params)
    rows = _fetch(SERVED_SQL.format(where=where), params)
    return {
        "cell": json.loads(cell[0][0]) if cell else None,
        "households": [
            {"id": pk, "lat": lat, "lng": lng, "metres": metres}
            for pk, lat, lng, metres in rows
        ],
    }


def log_personal_read(*, user, kelurahan, model, records, channel, detail):
    """UU 27/2022: who read whose personal data, through what."""
    if records:
        PersonalDataAccess.objects.create(
            user=user if user and user.pk else None,
            model=model,
            kelurahan=kelurahan,
            channel=channel,
            records=records,
            detail=detail[:255],
        )


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
