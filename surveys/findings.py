"""What the checks of a survey import found, in words: counts, every rejected
row with its reason, duplicates, warnings and a sample of points for the
preview map. Read from the staging tables (surveys.staging) once the checks
have run; the values go into the typed report (surveys.report)."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from psycopg2 import sql

MAP_POINTS = 5_000


def summarise(staging, *, kelurahan, keep_near, accuracy_limit_m, reveal_stored):
    accepted = staging.accepted(keep_near=keep_near)
    counts = _counts(staging, accepted)
    errors = sorted(
        [
            _error(row, reason, safe)
            for row, reason, safe in staging.fetch(
                "SELECT row, reason, safe_reason FROM {stage} WHERE reason IS NOT NULL"
            )
        ]
        + [
            _error(row, *_place_problem(kelurahan, *rest))
            for row, *rest in staging.fetch(
                "SELECT row, problem, lon, lat, distance_m, lies_in FROM {place} "
                "WHERE problem IS NOT NULL"
            )
        ],
        key=lambda e: e["row"],
    )
    duplicates, kept = [], []
    for row, duplicate, duplicate_of, near, near_of, near_m in staging.fetch(
        """SELECT row, duplicate, duplicate_of, near, near_of, near_m FROM {place}
        WHERE problem IS NULL AND (duplicate IS NOT NULL OR near IS NOT NULL)
        ORDER BY row"""
    ):
        if duplicate:
            duplicates.append(
                {"row": row, "reason": _duplicate(duplicate, duplicate_of)}
            )
        else:
            reason = _near(staging.layer, near, near_of, near_m, reveal_stored)
            entry = {"row": row, "reason": reason}
            (kept if keep_near else duplicates).append(entry)
    warnings = kept + _warnings(staging, accepted, accuracy_limit_m)
    return {
        **counts,
        "duplicates": len(duplicates),
        "rejected": counts["outside"] + counts["swapped"] + counts["invalid"],
        "errors": errors,
        "duplicate_rows": duplicates,
        "warnings": sorted(warnings, key=lambda w: w["row"]),
        "points": _points(staging, accepted),
    }


def _error(row, reason, safe=None):
    """A rejected row; ``safe`` is its reason without the personal data or
    location it quotes, when it quotes any."""
    error = {"row": row, "reason": reason}
    if safe and safe != reason:
        error["reviewer_reason"] = safe
    return error


def _counts(staging, accepted):
    ((rows, unparsed),) = staging.fetch(
        "SELECT count(*), count(*) FILTER (WHERE reason IS NOT NULL) FROM {stage}"
    )
    # Each row in one category: a swapped row that was not fixed is counted
    # as swapped (not also as outside), one that was fixed as new.
    ((new, outside, invalid, swapped),) = staging.fetch(
        """SELECT count(*) FILTER (WHERE {accepted}),
            count(*) FILTER (WHERE p.problem IN ('outside', 'boundary')),
            count(*) FILTER (WHERE p.problem IN ('out_of_range', 'no_rt')),
            count(*) FILTER (WHERE p.problem = 'swapped')
        FROM {place} p""",
        accepted=accepted,
    )
    return {
        "rows": rows,
        "new": new,
        "outside": outside,
        "invalid": invalid + unparsed,
        "swapped": swapped,
    }


def _place_problem(kelurahan, problem, lon, lat, distance_m, lies_in):
    """(the reason, the same without coordinates or None when it has none)."""
    if problem == "outside" and lies_in:
        reason = _(
            "lies in Kelurahan %(other)s, %(distance)s outside Kelurahan %(name)s"
        ) % {
            "other": lies_in,
            "distance": _distance(distance_m),
            "name": kelurahan.name,
        }
        return reason, None
    if problem == "outside":
        reason = _("lies %(distance)s outside Kelurahan %(name)s") % {
            "distance": _distance(distance_m),
            "name": kelurahan.name,
        }
        return reason, None
    if problem == "swapped":
        reason = _(
            "latitude and longitude look swapped (%(lat)s, %(lon)s): swapped back, "
            "the point lies in Kelurahan %(name)s; choose to fix swapped "
            "coordinates"
        ) % {"lat": lat, "lon": lon, "name": kelurahan.name}
        return reason, _("latitude and longitude look swapped")
    if problem == "boundary":
        reason = _(
            "lies on the boundary of Kelurahan %(name)s and Kelurahan %(other)s, "
            "and by the map belongs to Kelurahan %(other)s"
        ) % {"name": kelurahan.name, "other": lies_in}
        return reason, None
    if problem == "no_rt":
        reason = _("lies in Kelurahan %(name)s but in no RT of it") % {
            "name": kelurahan.name
        }
        return reason, None
    return _out_of_range(lon, lat), _("its coordinates are out of range")


def _distance(metres):
    if metres < 1000:
        return _("%(m)s m") % {"m": number_format(metres, 0)}
    return _("%(km)s km") % {"km": number_format(metres / 1000, 1)}


def _out_of_range(lon, lat):
    parts = []
    if abs(lat) > 90:
        parts.append(_("latitude %(lat)s is out of range (−90 to 90)") % {"lat": lat})
    if abs(lon) > 180:
        parts.append(
            _("longitude %(lon)s is out of range (−180 to 180)") % {"lon": lon}
        )
    if abs(lat) > 1000 or abs(lon) > 1000:
        parts.append(
            _("if the file is projected (UTM), give its EPSG code (e.g. 32748)")
        )
    elif abs(lon) <= 90 < abs(lat):
        parts.append(_("are latitude and longitude swapped?"))
    return "; ".join(parts)


def _duplicate(kind, other):
    if kind == "repeat":
        return _("repeats row %(row)d") % {"row": other}
    return _("already imported (record #%(id)d)") % {"id": other}


def _near(layer, kind, other, metres, reveal_stored):
    """``reveal_stored`` is False for an uploader who may not see personal
    data: naming the stored record and its distance would let them test a
    guessed name against the households of the kelurahan."""
    name = layer.model._meta.get_field(layer.same_name).verbose_name
    if kind == "near_repeat":
        return _("%(m).1f m from row %(row)d with the same %(field)s") % {
            "m": metres,
            "row": other,
            "field": name,
        }
    if not reveal_stored:
        return _("near a stored record with the same %(field)s; the lurah decides") % {
            "field": name
        }
    return _("%(m).1f m from stored record #%(id)d with the same %(field)s") % {
        "m": metres,
        "id": other,
        "field": name,
    }


def _warnings(staging, accepted, limit):
    found = [
        {
            "row": row,
            "reason": _("GPS accuracy %(m).0f m is worse than %(limit).0f m")
            % {"m": metres, "limit": limit},
        }
        for row, metres in staging.fetch(
            """SELECT s.row, s.gps_accuracy_m FROM {stage} s
            JOIN {place} p ON p.row = s.row
            WHERE {accepted} AND s.gps_accuracy_m > %s""",
            [limit],
            accepted=accepted,
        )
    ]
    low, high = settings.WAKUNCAR_ALTITUDE_RANGE_M
    found += [
        {
            "row": row,
            "reason": _(
                "altitude %(m).0f m is implausible here (%(low).0f to %(high).0f m "
                "expected); the GPS fix may be poor"
            )
            % {"m": metres, "low": low, "high": high},
        }
        for row, metres in staging.fetch(
            """SELECT s.row, s.elevation_m FROM {stage} s
            JOIN {place} p ON p.row = s.row
            WHERE {accepted} AND NOT s.elevation_m BETWEEN %s AND %s""",
            [low, high],
            accepted=accepted,
        )
    ]
    found += [
        {"row": row, "reason": _("latitude and longitude were swapped; fixed")}
        for (row,) in staging.fetch(
            "SELECT row FROM {place} p WHERE swapped AND {accepted}",
            accepted=accepted,
        )
    ]
    for warning in staging.layer.warnings:
        found += [
            {"row": row, "reason": warning.message(*values)}
            for row, *values in staging.fetch(
                """SELECT s.row, {values} FROM {stage} s
                JOIN {place} p ON p.row = s.row
                LEFT JOIN spatial_rt r ON r.id = p.rt_id
                LEFT JOIN spatial_rw w ON w.id = r.rw_id
                WHERE {accepted} AND ({condition})""",
                accepted=accepted,
                values=sql.SQL(", ").join(sql.SQL(v) for v in warning.values),
                condition=sql.SQL(warning.condition),
            )
        ]
    return found


def _points(staging, accepted):
    """Up to MAP_POINTS points for the preview map, problem rows first; a
    swapped point where it would be, swapped back; a row with a bad value
    where it lies, when that is inside the kelurahan."""
    return [
        [round(lon, 7), round(lat, 7), row, status]
        for row, lon, lat, status, _first in staging.fetch(
            """SELECT row,
                CASE WHEN swapped THEN lat ELSE ST_X(geom) END,
                CASE WHEN swapped THEN lon ELSE ST_Y(geom) END, CASE
                WHEN {accepted} THEN 'new'
                WHEN problem IS NULL THEN 'duplicate'
                WHEN problem = 'swapped' THEN 'swapped'
                WHEN problem = 'outside' THEN 'outside'
                ELSE 'invalid' END AS status,
                {accepted} AS later
            FROM {place} p WHERE in_range OR swapped
            UNION ALL
            SELECT s.row, s.lon, s.lat, 'invalid', false
            FROM {stage} s JOIN spatial_kelurahan k ON k.id = %s
            WHERE s.reason IS NOT NULL AND s.lon IS NOT NULL
              AND ST_Covers(k.geom, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326))
            ORDER BY later, row LIMIT %s""",
            [staging.kelurahan.pk, MAP_POINTS],
            accepted=accepted,
        )
    ]
