"""The query parameters of ``/ogc/collections/{id}/items``, checked before any
query: a bad one is an InvalidInput (400, an OGC exception), never a 500."""

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from spatial.errors import InvalidInput

from . import crs

PAGING = ("limit", "after", "before")
UTM_EASTING = 1_000_000  # metres; wider than the zone's own 166,000..834,000
UTM_NORTHING = 10_000_000
STANDARD = ("bbox", "bbox-crs", "crs", "datetime", "f", *PAGING)


@dataclass(frozen=True)
class ItemsQuery:
    limit: int
    after: int | None = None
    before: int | None = None
    bbox: Polygon | None = None
    srid: int = 4326
    crs_uri: str = crs.CRS84
    interval: tuple | None = None  # (start, end), either may be None (open)
    filters: dict = field(default_factory=dict)


def items_query(params, *, queryables):
    """An ItemsQuery from the request's query ``params``; ``queryables`` are
    the property filters the collection takes."""
    unknown = sorted(set(params) - set(STANDARD) - set(queryables))
    if unknown:
        raise InvalidInput(
            _("Unknown parameter %(names)s. This collection takes %(known)s.")
            % {
                "names": ", ".join(unknown),
                "known": ", ".join((*STANDARD, *queryables)),
            }
        )
    for name in params:
        if len(params.getlist(name)) > 1:
            raise InvalidInput(_("Give %(name)s once.") % {"name": name})
    srid, uri = _crs(params.get("crs"), "crs")
    return ItemsQuery(
        limit=limit_of(params.get("limit")),
        after=_feature_id(params.get("after"), "after"),
        before=_feature_id(params.get("before"), "before"),
        bbox=_bbox(params.get("bbox"), params.get("bbox-crs")),
        srid=srid,
        crs_uri=uri,
        interval=_interval(params.get("datetime")),
        filters={name: params[name] for name in queryables if name in params},
    )


def output_crs(params):
    """(srid, uri) of ``?crs=`` for a single feature."""
    return _crs(params.get("crs"), "crs")


def limit_of(raw):
    default = settings.WAKUNCAR_OGC_DEFAULT_LIMIT
    maximum = settings.WAKUNCAR_OGC_MAX_LIMIT
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInput(
            _("limit must be a whole number from 1 to %(max)s, not %(value)s.")
            % {"max": maximum, "value": json.dumps(raw)}
        )
    # Part 1, 7.15.4: a limit above the maximum is served as the maximum.
    return min(int(raw), maximum)


def _feature_id(raw, name):
    if raw is None:
        return None
    if not raw.isdigit():
        raise InvalidInput(
            _("%(name)s must be a feature id, not %(value)s.")
            % {"name": name, "value": json.dumps(raw)}
        )
    return int(raw)


def _crs(raw, name):
    if raw is None:
        return 4326, crs.CRS84
    srid = crs.srid_for(raw)
    if srid is None:
        raise InvalidInput(
            _("%(name)s %(value)s is not offered; use %(known)s.")
            % {
                "name": name,
                "value": json.dumps(raw),
                "known": ", ".join(crs.SUPPORTED),
            }
        )
    return srid, crs.SHORT_NAMES.get(raw, raw)


def _bbox(raw, raw_crs):
    srid, _uri = _crs(raw_crs, "bbox-crs")
    if raw is None:
        if raw_crs is not None:
            raise InvalidInput(_("bbox-crs needs a bbox."))
        return None
    parts = raw.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (4, 6) or not all(math.isfinite(n) for n in numbers):
        raise InvalidInput(
            _("bbox must be 4 (or 6) numbers: west,south,east,north; got %(value)s.")
            % {"value": json.dumps(raw)}
        )
    if len(numbers) == 6:  # minimum and maximum heights are ignored
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    w, s, e, n = numbers
    if s > n:
        raise InvalidInput(
            _("bbox south (%(s)s) lies north of its north (%(n)s).") % {"s": s, "n": n}
        )
    if w > e:
        raise InvalidInput(
            _(
                "bbox west (%(w)s) lies east of its east (%(e)s); boxes across the "
                "antimeridian are not served."
            )
            % {"w": w, "e": e}
        )
    if srid == 4326 and not (
        -180 <= w <= 180 and -180 <= e <= 180 and s >= -90 and n <= 90
    ):
        raise InvalidInput(
            _("bbox %(value)s lies outside longitude -180..180, latitude -90..90.")
            % {"value": json.dumps(raw)}
        )
    if srid == 32748 and not (
        0 <= w <= e <= UTM_EASTING and 0 <= s <= n <= UTM_NORTHING
    ):
        # PROJ fails on such numbers rather than answering; the box is refused
        # here, with the reason, before it reaches ST_Transform.
        raise InvalidInput(
            _(
                "bbox %(value)s lies outside UTM zone 48S (easting 0..%(e)s m, "
                "northing 0..%(n)s m)."
            )
            % {"value": json.dumps(raw), "e": UTM_EASTING, "n": UTM_NORTHING}
        )
    box = Polygon.from_bbox((w, s, e, n))
    box.srid = srid
    return box


def _interval(raw):
    if raw is None:
        return None
    ends = raw.split("/")
    if len(ends) == 1:
        start, end = _instant(ends[0], raw, end=False), _instant(ends[0], raw, end=True)
    elif len(ends) == 2:
        start = None if ends[0] in ("", "..") else _instant(ends[0], raw, end=False)
        end = None if ends[1] in ("", "..") else _instant(ends[1], raw, end=True)
        if start is None and end is None:
            raise InvalidInput(
                _("datetime %(value)s is open at both ends.")
                % {"value": json.dumps(raw)}
            )
    else:
        start = end = None
        _bad_datetime(raw)
    if start and end and start > end:
        raise InvalidInput(
            _("datetime %(value)s ends before it starts.") % {"value": json.dumps(raw)}
        )
    return start, end


def _instant(text, raw, *, end):
    """A date or RFC 3339 date-time as an aware datetime; a bare date stands
    for its whole day (WIB)."""
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if moment is None and day is None:
        _bad_datetime(raw)
    if moment is None:
        moment = datetime.combine(day, time.max if end else time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _bad_datetime(raw):
    raise InvalidInput(
        _(
            "datetime must be a date or date-time (RFC 3339) or an interval "
            "start/end with .. for an open end; got %(value)s."
        )
        % {"value": json.dumps(raw)}
    )
