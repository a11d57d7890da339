"""Where a table keeps its coordinates, and reading them row by row.

Found, in this order: a feature's own geometry; latitude/longitude columns by
the names people use (English and Indonesian); KoboToolbox's
``_<q>_latitude``/``_<q>_longitude`` and ODK Central's ``<q>-Latitude``/
``<q>-Longitude`` (with their altitude and precision or accuracy); an ODK
geopoint string ``lat lon altitude accuracy``; a WKT or GeoJSON column."""

import json
import re

import shapely
from django.utils.translation import gettext as _
from shapely.errors import ShapelyError
from shapely.geometry import shape

from spatial.io.columns import normalise
from spatial.io.table import GEOMETRY
from spatial.io.values import is_blank, number
from spatial.layers.survey import GEOMETRY_FIELD, GEOPOINT, LATITUDE, LONGITUDE

COORDINATE_FIELDS = (LATITUDE, LONGITUDE, GEOPOINT, GEOMETRY_FIELD)
CAPTURE_FIELDS = ("elevation_m", "gps_accuracy_m", "captured_at", "device")
KEY_FIELD = "external_id"

NAMES = {
    LATITUDE: ("latitude", "lat", "lintang", "y", "koordinat_y", "ycoord", "y_coord"),
    LONGITUDE: (
        "longitude",
        "lon",
        "lng",
        "long",
        "bujur",
        "x",
        "koordinat_x",
        "xcoord",
        "x_coord",
    ),
    GEOPOINT: (
        "geopoint",
        "lokasi",
        "location",
        "koordinat",
        "coordinates",
        "gps",
        "titik_koordinat",
        "posisi",
    ),
    GEOMETRY_FIELD: ("wkt", "geometry", "geom", "the_geom", "wkb_geometry", "shape"),
    "elevation_m": (
        "elevation_m",
        "elevation",
        "ele",
        "altitude",
        "alt",
        "ketinggian",
        "elevasi",
    ),
    "gps_accuracy_m": (
        "gps_accuracy_m",
        "gps_accuracy",
        "accuracy",
        "precision",
        "akurasi",
        "ketelitian",
    ),
    # Kobo's "end" is when the form was finished, near enough to the fix;
    # _submission_time (reaching the server, maybe days later) comes last.
    "captured_at": (
        "captured_at",
        "capture_time",
        "time",
        "timestamp",
        "waktu",
        "datetime",
        "end",
        "_submission_time",
        "submissiondate",
    ),
    "device": ("device", "deviceid", "device_id", "perangkat", "src", "creator"),
    # A record's own id, so the same record uploaded again is recognised.
    KEY_FIELD: ("external_id", "_uuid", "uuid", "meta_instanceid", "instanceid", "key"),
}
# Kobo "_lokasi_latitude", ODK Central "lokasi-Latitude" (normalised alike).
GEOPOINT_PART = re.compile(
    r"^_?(?P<q>.+)_(?P<part>latitude|longitude|altitude|precision|accuracy)$"
)
PART_FIELDS = {
    "latitude": LATITUDE,
    "longitude": LONGITUDE,
    "altitude": "elevation_m",
    "precision": "gps_accuracy_m",
    "accuracy": "gps_accuracy_m",
}
NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
GEOPOINT_TEXT = re.compile(rf"^\s*{NUMBER}(?:[\s;]+{NUMBER}){{1,3}}\s*$")
# What KoboToolbox (and spreadsheets) write in a cell of a question that was
# not answered: a row with only these in its geo cells has no coordinates.
NOT_ANSWERED = frozenset({"n/a", "na", "#n/a", "null", "none"})
GEOMETRY_TEXT = re.compile(
    r"^\s*(?:SRID=\d+;\s*)?(?:POINT|MULTIPOINT|LINESTRING|MULTILINESTRING|POLYGON|"
    r"MULTIPOLYGON|GEOMETRYCOLLECTION)\b|^\s*\{.*\"coordinates\"",
    re.IGNORECASE | re.DOTALL,
)


def detect(columns, sample):
    """The automatic column → field mapping for coordinates, capture details
    and the record key."""
    mapping = _coordinates(columns, sample)
    for column, found in _geopoint_parts(columns).items():
        if found not in (LATITUDE, LONGITUDE) and found not in mapping.values():
            mapping.setdefault(column, found)
    for field in (*CAPTURE_FIELDS, KEY_FIELD):
        if field in mapping.values():
            continue
        column = _named(columns, NAMES[field], taken=mapping)
        if column:
            mapping[column] = field
    return mapping


def _coordinates(columns, sample):
    if GEOMETRY in columns:
        return {GEOMETRY: GEOMETRY_FIELD}
    lat = _named(columns, NAMES[LATITUDE])
    lon = _named(columns, NAMES[LONGITUDE])
    if lat and lon:
        return {lat: LATITUDE, lon: LONGITUDE}
    parts = _geopoint_parts(columns)
    found = {v: k for k, v in parts.items() if v in (LATITUDE, LONGITUDE)}
    if len(found) == 2:
        return {found[LATITUDE]: LATITUDE, found[LONGITUDE]: LONGITUDE}
    for field, pattern in ((GEOPOINT, GEOPOINT_TEXT), (GEOMETRY_FIELD, GEOMETRY_TEXT)):
        column = _by_content(columns, sample, NAMES[field], pattern)
        if column:
            return {column: field}
    return {}


def _geopoint_parts(columns):
    """Kobo/ODK split geopoint columns of the first question that has both a
    latitude and a longitude."""
    groups = {}
    for column in columns:
        match = GEOPOINT_PART.match(normalise(column))
        if match:
            groups.setdefault(match["q"], {})[PART_FIELDS[match["part"]]] = column
    for parts in groups.values():
        if LATITUDE in parts and LONGITUDE in parts:
            return {column: field for field, column in parts.items()}
    return {}


def _named(columns, names, taken=()):
    by_name = {normalise(c): c for c in columns if c not in taken}
    return next((by_name[n] for n in names if n in by_name), None)


def _by_content(columns, sample, names, pattern):
    """The first column (named ones first) whose filled sample cells all match."""
    named = {normalise(c) for c in columns} & set(names)
    ordered = sorted(
        range(len(columns)), key=lambda i: normalise(columns[i]) not in named
    )
    for i in ordered:
        cells = [row[i] for _, row in sample if i < len(row) and not is_blank(row[i])]
        if cells and all(isinstance(c, str) and pattern.match(c) for c in cells):
            return columns[i]
    return None


class Locator:
    """Reads (x, y, z, accuracy) from a row's cells, in the table's CRS, or
    raises ValueError with the reason."""

    def __init__(self, columns, mapping):
        index = {field: columns.index(c) for c, field in mapping.items()}
        self.names = {field: c for c, field in mapping.items()}
        self.measured = False
        self.pair = LATITUDE in index and LONGITUDE in index
        if self.pair:
            self.read = self._lat_lon
            self.lat, self.lon = index[LATITUDE], index[LONGITUDE]
        elif GEOPOINT in index:
            self.read = self._geopoint
            self.cell = index[GEOPOINT]
        elif GEOMETRY_FIELD in index:
            self.read = self._geometry
            self.cell = index[GEOMETRY_FIELD]
        else:
            raise ValueError("no coordinate field is mapped")
        self.kind = next(f for f in COORDINATE_FIELDS if f in index)

    def _lat_lon(self, cells):
        lat, lon = _answered(cells[self.lat]), _answered(cells[self.lon])
        x, y = self._number(lon, LONGITUDE), self._number(lat, LATITUDE)
        if x is None or y is None:
            if x is None and y is None:
                raise ValueError(_("has no coordinates"))
            empty = self.names[LONGITUDE if x is None else LATITUDE]
            raise ValueError(_("%(column)s is empty") % {"column": empty})
        return x, y, None, None

    def _number(self, value, field):
        try:
            return number(value)
        except ValueError as exc:
            raise ValueError(f"{self.names[field]}: {exc}") from None

    def _geopoint(self, cells):
        value = _answered(cells[self.cell])
        if is_blank(value):
            raise ValueError(_("has no coordinates"))
        text = str(value).strip()
        parts = text.split(";") if ";" in text else text.replace(", ", " ").split()
        if len(parts) == 1 and text.count(",") == 1:
            parts = text.split(",")  # "-5.11,105.30" copied from a map
        if not 2 <= len(parts) <= 4:
            raise ValueError(
                _("%(column)s: %(value)r is not a geopoint (latitude longitude)")
                % {"column": self.names[GEOPOINT], "value": text}
            )
        try:
            lat, lon, *rest = (number(p.strip(",")) for p in parts)
        except ValueError as exc:
            raise ValueError(f"{self.names[GEOPOINT]}: {exc}") from None
        return lon, lat, rest[0] if rest else None, rest[1] if len(rest) > 1 else None

    def _geometry(self, cells):
        value = _answered(cells[self.cell])
        if is_blank(value):
            raise ValueError(_("has no geometry"))
        try:
            geometry = value if isinstance(value, dict) else _parse_geometry(value)
        except ValueError as exc:
            raise ValueError(f"{self.names[GEOMETRY_FIELD]}: {exc}") from None
        kind = geometry.get("type") if geometry else None
        coordinates = geometry.get("coordinates") if geometry else None
        if kind == "MultiPoint" and coordinates and len(coordinates) == 1:
            kind, coordinates = "Point", coordinates[0]
        if kind == "MultiPoint":
            raise ValueError(
                _("is a MultiPoint of %(n)d points; give one point per row")
                % {"n": len(coordinates or ())}
            )
        if kind != "Point":
            raise ValueError(
                _("is a %(kind)s, not a point") % {"kind": kind or _("geometry")}
            )
        if not coordinates:
            raise ValueError(_("has an empty point"))
        if len(coordinates) > 3 or geometry.get("measured"):
            self.measured = True
        try:
            x, y, *z = (number(c) for c in coordinates[:3])
        except ValueError as exc:
            raise ValueError(_("coordinates: %(reason)s") % {"reason": exc}) from None
        if None in (x, y):
            raise ValueError(_("has an empty point"))
        return x, y, z[0] if z else None, None


def _answered(value):
    """None for a geo cell of an unanswered question (Kobo's "n/a")."""
    if isinstance(value, str) and value.strip().lower() in NOT_ANSWERED:
        return None
    return value


def _parse_geometry(text):
    text = str(text).strip()
    if text[:5].upper() == "SRID=":
        text = text.split(";", 1)[-1]
    try:
        if text.startswith("{"):
            geom = shape(json.loads(text))
        else:
            geom = shapely.from_wkt(text)
    except (ValueError, TypeError, KeyError, AttributeError, ShapelyError):
        raise ValueError(
            _("%(value)r is neither WKT nor GeoJSON") % {"value": text[:60]}
        ) from None
    if geom.geom_type == "MultiPoint":
        return {
            "type": "MultiPoint",
            "coordinates": [tuple(p.coords[0]) for p in geom.geoms],
        }
    if geom.geom_type != "Point" or geom.is_empty:
        return {"type": geom.geom_type, "coordinates": ()}
    # An M value must not pass for an altitude: take x, y and a real z only.
    coordinates = shapely.get_coordinates(geom, include_z=geom.has_z)[0]
    return {
        "type": "Point",
        "coordinates": tuple(float(c) for c in coordinates),
        "measured": bool(shapely.has_m(geom)),
    }
