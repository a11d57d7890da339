"""The records behind a warning, read for the dashboard map and the report:
an RT's households too far from a facility, its open dumps, its unverified
plots, and a facility's service area. Each is one query; personal fields come
only when the caller says the user may see them."""

import json

from django.db import connection

from spatial.models import PersonalDataAccess

from .indicators import FACILITY_KINDS, SPOT_KINDS

FAR_HOUSEHOLDS_SQL = f"""
SELECT h.id, ST_Y(h.geom), ST_X(h.geom), round(n.metres)::float, n.facility_id,
       h.head_name, h.address, rt.code, rt.number, rw.number
FROM households_household h
JOIN spatial_rt rt ON rt.id = h.rt_id
JOIN spatial_rw rw ON rw.id = rt.rw_id
LEFT JOIN LATERAL (
    SELECT w.id AS facility_id,
           ST_Distance(w.geom::geography, h.geom::geography) AS metres
    FROM waste_wastepoint w
    WHERE w.kind IN {FACILITY_KINDS} AND w.status = 'active'
    ORDER BY w.geom::geography <-> h.geom::geography
    LIMIT 1
) n ON true
WHERE {{where}}
  AND (h.survey_date IS NULL OR h.survey_date <= %(as_of)s)
  AND (n.metres IS NULL OR n.metres > %(far_m)s)
ORDER BY n.metres DESC NULLS FIRST, h.id
"""  # noqa: S608 - module constants only

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

# A facility serves the households for which it is the nearest. Those lie in
# its Voronoi cell among all active facilities (computed in UTM 48S, metres);
# the cell, widened by a few metres for the planar/spheroid difference, picks
# the candidates, and the same KNN search as the indicator confirms each.
SERVICE_AREA_SQL = f"""
WITH f AS (
    SELECT id, ST_Transform(geom, 32748) AS utm
    FROM waste_wastepoint
    WHERE kind IN {FACILITY_KINDS} AND status = 'active'
), cells AS (
    SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(utm), 0,
            ST_Expand(ST_Extent(utm)::geometry, 20000)))).geom AS cell
    FROM f
), mine AS (
    SELECT c.cell FROM cells c JOIN f ON f.id = %(facility)s
    WHERE ST_Contains(c.cell, f.utm)
), candidates AS (
    SELECT h.id, h.geom FROM households_household h, mine
    WHERE ST_Intersects(h.geom, ST_Transform(ST_Buffer(mine.cell, 5), 4326))
      AND {{where}}
)
SELECT c.id, ST_Y(c.geom), ST_X(c.geom), round(n.metres)::float,
       (SELECT ST_AsGeoJSON(ST_Transform(cell, 4326), 6) FROM mine)
FROM candidates c
CROSS JOIN LATERAL (
    SELECT w.id, ST_Distance(w.geom::geography, c.geom::geography) AS metres
    FROM waste_wastepoint w
    WHERE w.kind IN {FACILITY_KINDS} AND w.status = 'active'
    ORDER BY w.geom::geography <-> c.geom::geography
    LIMIT 1
) n
WHERE n.id = %(facility)s
ORDER BY c.id
"""  # noqa: S608 - module constants only

# The cell alone, for the public (who see no households).
CELL_SQL = (
    SERVICE_AREA_SQL.split("), candidates AS")[0]  # noqa: S608 - module constants
    + ") SELECT ST_AsGeoJSON(ST_Transform(cell, 4326), 6) FROM mine"
)


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


def service_area(facility_id, *, kelurahan_id=None, with_households=True):
    """The facility's cell and the households it is nearest to (those in
    ``kelurahan_id`` only, when given): a dict with ``cell`` (GeoJSON or
    None) and ``households``."""
    where = "h.kelurahan_id = %(kelurahan)s" if kelurahan_id else "true"
    params = {"facility": facility_id, "kelurahan": kelurahan_id}
    if not with_households:
        cell = _fetch(CELL_SQL, params)
        return {"cell": json.loads(cell[0][0]) if cell else None, "households": []}
    rows = _fetch(SERVICE_AREA_SQL.format(where=where), params)
    if not rows:
        cell = _fetch(CELL_SQL, params)
        return {"cell": json.loads(cell[0][0]) if cell else None, "households": []}
    return {
        "cell": json.loads(rows[0][4]),
        "households": [
            {"id": pk, "lat": lat, "lng": lng, "metres": metres}
            for pk, lat, lng, metres, _cell in rows
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
