"""Turning a survey table's rows into lines for PostgreSQL's COPY: each cell
parsed by its field, coordinates read and brought to WGS 84, a key per row, and
every problem of a row kept as its reason. Nothing here touches the database;
the spatial checks happen on the staged rows in SQL (survey_staging).

This is the one loop that runs per row (100,000 times for a large file), so a
row is one list comprehension over a plan of (cell index, converter), and
converters of repeating values (choices, dates, yes/no) parse each distinct
value once."""

import hashlib
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from spatial.io import values
from spatial.io.points import WGS84, to_wgs84
from spatial.permissions import personal_fields
from surveys.coordinates import CAPTURE_FIELDS, KEY_FIELD, Locator

NULL = "\\N"
BATCH = 5_000
# Rows become text in small groups, a COPY chunk (and a progress step) is a
# batch: the lists and tuples of thousands of parsed rows held at once kept
# the cyclic garbage collector busy, an eighth of the parsing time.
GROUP = 250
KEY_LENGTH = 64
# COPY's text format escapes backslash, tab and line breaks; it cannot carry a
# NUL character at all, so that goes.
COPY_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None}
)
CACHE_LIMIT = 20_000
INTEGER_TYPES = {
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
# The locator's altitude and accuracy (from a geopoint or a 3D point) follow a
# row's own cells, where the elevation and accuracy fields read them when no
# column of the file is mapped to them; the last one is always empty.
ALTITUDE, ACCURACY, NOTHING = 0, 1, 2


class Private(str):
    """A reason that quotes a cell of personal data or a location; ``safe``
    says the same without it, for a reviewer who may not see the file's
    cells (spatial.permissions.may_see_import_rows)."""

    def __new__(cls, full, safe):
        reason = super().__new__(cls, full)
        reason.safe = safe
        return reason


@dataclass(frozen=True)
class StagedColumn:
    name: str
    sql_type: str


def escaped(text):
    if text.isprintable() and "\\" not in text:
        return text
    return text.translate(COPY_ESCAPES)


def copy_text(model_field):
    """How a value of ``model_field`` is written in COPY text format."""
    kind = model_field.get_internal_type()
    if kind in INTEGER_TYPES:
        return str
    if kind == "FloatField":
        return repr
    if kind == "BooleanField":
        return lambda v: "t" if v else "f"
    if kind in ("DateField", "DateTimeField"):
        return lambda v: v.isoformat()
    if kind == "ArrayField":
        return _array_text
    return lambda v: escaped(str(v))


def _array_text(items):
    if all(i.isalnum() for i in items):  # No. KK: digits need no quoting
        return "{" + ",".join(items) + "}"
    quoted = (
        '"' + str(i).replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items
    )
    return escaped("{" + ",".join(quoted) + "}")


def accuracy(value):
    result = values.number(value)
    if result is not None and result < 0:
        raise ValueError(_("%(value)r is not an accuracy in metres") % {"value": value})
    return result


CAPTURE_PARSERS = {
    "elevation_m": values.number,
    "gps_accuracy_m": accuracy,
    "captured_at": values.moment,
    "device": lambda v: values.text(v, max_length=120),
}


@dataclass(frozen=True)
class Step:
    """One staged value: the field, where its cell is, and how it becomes
    COPY text (or, for fields ``check_row`` sees, a Python value)."""

    name: str
    index: int
    convert: object
    to_text: object


class RowReader:
    """Reads ``table`` with ``mapping`` for ``layer``; ``lines()`` yields COPY
    text, ``columns`` says what each tab-separated value is."""

    def __init__(self, *, table, layer, mapping, filled=None, progress=None):
        self.table = table
        self.layer = layer
        self.locator = Locator(table.columns, mapping)
        self.progress = progress
        self.rows = 0
        self.width = width = len(table.columns)
        self.names = {f: c for c, f in mapping.items()}
        model = layer.model
        self.personal = set(personal_fields(model))
        by_field = {f: table.columns.index(c) for c, f in mapping.items()}
        self.key = by_field.get(KEY_FIELD)
        found = {"elevation_m": width + ALTITUDE, "gps_accuracy_m": width + ACCURACY}
        self.plan = [
            self._capture(
                model._meta.get_field(name),
                by_field.get(name, found.get(name, width + NOTHING)),
            )
            for name in CAPTURE_FIELDS
        ]
        # A blank cell takes the value given for every row, else the file
        # kind's default, else the model's.
        mapped = set(mapping.values())
        defaults = layer.defaults(table.format, mapped) | (filled or {})
        self.checked = []
        for survey_field in layer.fields:
            model_field = model._meta.get_field(survey_field.name)
            keep = survey_field.name in layer.check_fields
            default = defaults.get(survey_field.name, model_field.get_default())
            required = survey_field.required and survey_field.name not in defaults
            step = Step(
                survey_field.name,
                by_field.get(survey_field.name, width + NOTHING),
                _converter(survey_field, model_field, default, keep, required),
                copy_text(model_field),
            )
            (self.checked if keep else self.plan).append(step)
        self.columns = [
            StagedColumn("row", "integer"),
            StagedColumn("lon", "double precision"),
            StagedColumn("lat", "double precision"),
            StagedColumn("reason", "text"),
            StagedColumn("safe_reason", "text"),
            StagedColumn(KEY_FIELD, "text"),
            *(
                StagedColumn(s.name, model._meta.get_field(s.name).db_type(connection))
                for s in (*self.plan, *self.checked)
            ),
        ]
        self.blank = [NULL] * (len(self.plan) + len(self.checked))

    def _capture(self, model_field, index):
        parse = CAPTURE_PARSERS[model_field.name]
        to_text = copy_text(model_field)
        default = model_field.get_default()
        fallback = NULL if default is None else to_text(default)

        def convert(value):
            parsed = parse(value)
            return fallback if parsed is None else to_text(parsed)

        return Step(model_field.name, index, convert, to_text)

    def lines(self):
        """COPY text, one chunk per batch of rows."""
        batch, group = [], []
        for number, cells in self.table.rows:
            group.append(self._row(number, cells))
            if len(group) == GROUP:
                batch.append(self._text(group))
                group = []
                if len(batch) * GROUP >= BATCH:
                    yield self._flush(batch)
                    batch = []
        if group:
            batch.append(self._text(group))
        if batch:
            yield self._flush(batch)

    def _row(self, number, cells):
        if len(cells) > self.width:
            ragged = [self._ragged(len(cells))]
            return number, None, None, ragged, self.blank, self._key(cells)
        problems = []
        try:
            x, y, z, fix = self.locator.read(cells)
        except ValueError as exc:
            problems.append(Private(str(exc), _("its coordinates cannot be read")))
            x = y = z = fix = None
        key = self._key(cells)
        cells = [*cells, z, fix, None]
        try:
            texts = [step.convert(cells[step.index]) for step in self.plan]
        except (ValueError, ValidationError):
            texts = self._one_by_one(self.plan, cells, problems, failed=NULL)
        if self.checked:
            texts += self._check(cells, problems)
        return number, x, y, problems, texts, key

    def _one_by_one(self, steps, cells, problems, *, failed):
        """The slow path for a row with a bad cell: every bad cell is named."""
        out = []
        for step in steps:
            try:
                out.append(step.convert(cells[step.index]))
            except (ValueError, ValidationError) as exc:
                problems.append(self._reason(step.name, exc))
                out.append(failed)
        return out

    def _check(self, cells, problems):
        try:
            parsed = [step.convert(cells[step.index]) for step in self.checked]
        except (ValueError, ValidationError):
            parsed = self._one_by_one(self.checked, cells, problems, failed=None)
        row = dict(zip((s.name for s in self.checked), parsed, strict=True))
        if not problems:
            try:
                row |= self.layer.check_row(row)
            except (ValueError, ValidationError) as exc:
                problems.append(_messages(exc))
        return [
            NULL if row[step.name] is None else step.to_text(row[step.name])
            for step in self.checked
        ]

    def _reason(self, name, exc):
        column = self.names.get(name, name)
        reason = f"{column}: {_messages(exc)}"
        if name in self.personal:
            return Private(reason, f"{column}: " + _("not a valid value"))
        return reason

    def _key(self, cells):
        """The record id; without one, the row's cells as they are, so the
        same row uploaded again is recognised whatever the mapping or the
        values given for every row."""
        value = None if self.key is None else cells[self.key]
        if values.is_blank(value):
            content = "\x1f".join(map(str, cells)).encode()
            return "row:" + hashlib.blake2b(content, digest_size=20).hexdigest()
        key = str(value).strip()
        if len(key) > KEY_LENGTH:
            key = "hash:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
        return key

    def _ragged(self, count):
        reason = _("has %(n)d values but the header has %(m)d columns") % {
            "n": count,
            "m": self.width,
        }
        if self.table.delimiter == ",":
            reason += _(" (a decimal comma in a comma-separated file?)")
        return reason

    def _flush(self, texts):
        if self.progress:
            self.progress("reading", self.rows, self.table.total)
        return "".join(texts)

    def _text(self, group):
        srid = self.table.srid
        if srid != WGS84:
            group = self._reprojected(group, srid)
        lines = []
        for number, x, y, problems, texts, key in group:
            body = "\t".join(texts)
            reason = safe = NULL
            if problems:
                reason = escaped("; ".join(problems))
                if any(isinstance(p, Private) for p in problems):
                    safe = escaped("; ".join(getattr(p, "safe", p) for p in problems))
            # A row with a bad value keeps its place too, for the preview map.
            located = x is not None and math.isfinite(x) and math.isfinite(y)
            lon, lat = (repr(x), repr(y)) if located else (NULL, NULL)
            lines.append(
                f"{number}\t{lon}\t{lat}\t{reason}\t{safe}\t{escaped(key)}\t{body}\n"
            )
        self.rows += len(group)
        return "".join(lines)

    def _reprojected(self, group, srid):
        located = [i for i, r in enumerate(group) if r[1] is not None]
        if not located:
            return group
        xs, ys = to_wgs84(
            srid, [group[i][1] for i in located], [group[i][2] for i in located]
        )
        group = list(group)
        for i, lon, lat in zip(located, xs, ys, strict=True):
            number, _x, _y, problems, texts, key = group[i]
            if not (abs(lon) < float("inf") and abs(lat) < float("inf")):
                problems.append(
                    _("cannot be brought from EPSG:%(srid)d to WGS 84") % {"srid": srid}
                )
            group[i] = (number, lon, lat, problems, texts, key)
        return group


def _converter(survey_field, model_field, default, keep, required):
    to_text = copy_text(model_field)
    parse = survey_field.parse
    fallback = NULL if default is None else to_text(default)

    def convert(value):
        parsed = parse(value)
        if parsed is None:
            if required:
                raise ValueError(_("is empty"))
            return default if keep else fallback
        return parsed if keep else to_text(parsed)

    return _cached(convert) if survey_field.repeats else convert


def _cached(convert):
    """Parse each distinct value once; choices, dates and yes/no repeat."""
    results = {}

    def cached(value):
        try:
            found = results[value]
        except KeyError:
            if len(results) > CACHE_LIMIT:
                results.clear()
            try:
                found = results[value] = (convert(value), None)
            except (ValueError, ValidationError) as exc:
                found = results[value] = (None, exc)
        except TypeError:  # an unhashable cell
            return convert(value)
        if found[1] is not None:
            raise found[1]
        return found[0]

    return cached


def _messages(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
