"""Turning a survey table's rows into lines for PostgreSQL's COPY: each cell
parsed by its field, coordinates read and brought to WGS 84, a key per row, and
every problem of a row kept as its reason. Nothing here touches the database;
the spatial checks happen on the staged rows in SQL (surveys.staging).

Column by column, a batch of rows at a time: a field's parser sees each
distinct cell of a column once (choices, dates and yes/no repeat), and a CSV's
columns arrive as Arrow arrays from pyarrow's C reader, whose plain cells
(spatial.io.plain: a number, a stripped text, a 16-digit No. KK) go to COPY
as they are, without a Python call per cell. Rules that look at several
fields of a row (``layer.check_row``) run once per distinct combination of
their cells. Nothing per row runs in Python but the problems' reasons."""

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from spatial.io import plain, values
from spatial.io.points import WGS84, to_wgs84
from spatial.permissions import personal_fields
from surveys.coordinates import CAPTURE_FIELDS, KEY_FIELD, Locator

NULL = "\\N"
KEY_LENGTH = 64
# COPY's text format escapes backslash, tab and line breaks; it cannot carry a
# NUL character at all, so that goes.
COPY_ESCAPES = str.maketrans(
    {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None}
)
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


accuracy.plain = lambda column: plain.numbers(column, signed=False)


CAPTURE_PARSERS = {
    "elevation_m": values.number,
    "gps_accuracy_m": accuracy,
    "captured_at": values.moment,
    "device": values.text_parser(120),
}


@dataclass(frozen=True)
class Step:
    """One staged value: the field, where its cell is, how it becomes COPY
    text (or, for fields ``check_row`` sees, a Python value), and which cells
    of a text column it may take as they are (``plain``, from its parser)."""

    name: str
    index: int
    convert: object
    to_text: object
    plain: object = None
    plain_copy: object = None


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
        self.index = by_field = {f: table.columns.index(c) for c, f in mapping.items()}
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
            parse = survey_field.parse
            step = Step(
                survey_field.name,
                by_field.get(survey_field.name, width + NOTHING),
                _converter(survey_field, model_field, default, keep, required),
                copy_text(model_field),
                None if keep else getattr(parse, "plain", None),
                getattr(parse, "plain_copy", None),
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

    def _capture(self, model_field, index):
        parse = CAPTURE_PARSERS[model_field.name]
        to_text = copy_text(model_field)
        default = model_field.get_default()
        fallback = NULL if default is None else to_text(default)

        def convert(value):
            parsed = parse(value)
            return fallback if parsed is None else to_text(parsed)

        return Step(
            model_field.name,
            index,
            convert,
            to_text,
            getattr(parse, "plain", None) if default is None else None,
        )

    def lines(self):
        """COPY text, one chunk per batch of rows."""
        for batch in self.table.batches():
            if batch.numbers:
                yield self._batch(batch)
            if self.progress:
                self.progress("reading", self.rows, self.table.total)

    def _batch(self, batch):
        n = len(batch.numbers)
        # Only rows with a problem get a list of reasons.
        problems = defaultdict(list)
        ragged = batch.ragged
        located = self._locate(batch, problems, ragged)
        keys = self._keys(batch)
        texts = [self._column(step, batch, located, problems) for step in self.plan]
        if self.checked:
            texts += self._checked(batch, problems)
        lon, lat = located[0], located[1]
        for i, count in ragged.items():
            # A row with more cells than the header is read no further.
            problems[i] = [self._ragged(count)]
            lon[i] = lat[i] = NULL
            for column in texts:
                column[i] = NULL
        if self.table.srid != WGS84:
            lon, lat = self._reprojected(lon, lat, problems)
        reasons, safe = self._reasons(problems, n)
        self.rows += n
        numbers = list(map(str, batch.numbers))
        columns = (numbers, lon, lat, reasons, safe, keys, *texts)
        return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"

    def _locate(self, batch, problems, ragged):
        """Per row: lon and lat as COPY text (NULL when unreadable), the
        altitude and accuracy a geopoint or 3D point gives (Python values)."""
        n = len(batch.numbers)
        locator = self.locator
        if locator.pair:
            lon, slow_lon = self._coordinate(batch, locator.lon)
            lat, slow_lat = self._coordinate(batch, locator.lat)
            slow = sorted(slow_lon | slow_lat | set(ragged))
            if slow:
                raw_lon = batch.python(locator.lon)
                raw_lat = batch.python(locator.lat)
            for i in slow:
                cells = {locator.lon: raw_lon[i], locator.lat: raw_lat[i]}
                lon[i] = lat[i] = NULL
                try:
                    x, y, _z, _fix = locator.read(cells)
                except ValueError as exc:
                    reason = _("its coordinates cannot be read")
                    problems[i].append(Private(str(exc), reason))
                    continue
                if math.isfinite(x) and math.isfinite(y):
                    lon[i], lat[i] = repr(x), repr(y)
            return lon, lat, None, None
        cells = batch.python(locator.cell)
        out = [NULL] * n, [NULL] * n, [None] * n, [None] * n
        for i, value in enumerate(cells):
            try:
                x, y, z, fix = locator.read({locator.cell: value})
            except ValueError as exc:
                reason = _("its coordinates cannot be read")
                problems[i].append(Private(str(exc), reason))
                continue
            if x is not None and math.isfinite(x) and math.isfinite(y):
                out[0][i], out[1][i] = repr(x), repr(y)
            out[2][i], out[3][i] = z, fix
        return out

    def _coordinate(self, batch, index):
        """A coordinate column as COPY text where its cell is a plain number,
        and the rows whose cell the locator must read."""
        column = batch.columns[index]
        if not plain.is_text(column):
            return [NULL] * len(batch.numbers), set(range(len(batch.numbers)))
        mask = plain.numbers(column)
        slow = pc.indices_nonzero(pc.invert(mask)).to_pylist()
        texts = pc.if_else(mask, column, pa.scalar(NULL, pa.string())).to_pylist()
        return texts, set(slow)

    def _column(self, step, batch, located, problems):
        """COPY text of one staged field for every row of the batch."""
        n = len(batch.numbers)
        if step.index >= self.width:  # no column: the locator's, or nothing
            extra = step.index - self.width
            if extra == NOTHING or located[2] is None:
                return self._constant(step, n, problems)
            given = located[2] if extra == ALTITUDE else located[3]
            return self._converted(step, given, problems)
        column = batch.columns[step.index]
        if not plain.is_text(column):
            return self._converted(step, batch.python(step.index), problems)
        if step.plain is None:
            return self._distinct(step, column, problems)
        mask = step.plain(column)
        slow = pc.indices_nonzero(pc.invert(mask))
        fast = column if step.plain_copy is None else step.plain_copy(column)
        if len(slow) == 0:
            return fast.to_pylist()
        texts = pc.if_else(mask, fast, pa.scalar(NULL, pa.string())).to_pylist()
        rows = slow.to_pylist()
        converted = self._converted(step, column.take(slow).to_pylist(), problems, rows)
        for i, text in zip(rows, converted, strict=True):
            texts[i] = text
        return texts

    def _constant(self, step, n, problems):
        """A field no column fills: the same text (or the same reason, for a
        required one) on every row."""
        text, error = _attempt(step.convert, None)
        if error is not None:
            reason = self._reason(step.name, error)
            for i in range(n):
                problems[i].append(reason)
            text = NULL
        return [text] * n

    def _distinct(self, step, column, problems):
        """``step.convert`` of each distinct cell of a text column once, the
        results put in place by Arrow."""
        distinct = pc.unique(column)
        texts, bad = [], []
        for cell in distinct.to_pylist():
            text, error = _attempt(step.convert, cell)
            texts.append(NULL if error is not None else text)
            if error is not None:
                bad.append((cell, self._reason(step.name, error)))
        where = pc.index_in(column, distinct)
        out = pc.take(pa.array(texts, pa.string()), where)
        if bad:
            reasons = dict(bad)
            cells = distinct.to_pylist()
            refused = pa.array([c in reasons for c in cells])
            rows = pc.indices_nonzero(pc.take(refused, where)).to_pylist()
            positions = where.to_pylist()
            for i in rows:
                problems[i].append(reasons[cells[positions[i]]])
        return out.to_pylist()

    def _converted(self, step, cells, problems, rows=None):
        """``step.convert`` of each distinct cell once; a cell it refuses
        puts its reason on the row."""
        results = {}
        out = []
        for position, cell in enumerate(cells):
            try:
                found = results[cell]
            except KeyError:
                found = results[cell] = _attempt(step.convert, cell)
            except TypeError:  # an unhashable cell (a geometry)
                found = _attempt(step.convert, cell)
            text, error = found
            if error is not None:
                row = position if rows is None else rows[position]
                problems[row].append(self._reason(step.name, error))
                text = NULL
            out.append(text)
        return out

    def _checked(self, batch, problems):
        """The fields ``check_row`` sees, parsed and checked once per distinct
        combination of their cells."""
        n = len(batch.numbers)
        columns = [
            batch.python(s.index) if s.index < self.width else None
            for s in self.checked
        ]
        present = [c for c in columns if c is not None]
        if not present:
            texts, errors, row_error = self._check((), columns)
            found = [(texts, errors, row_error)] * n
        else:
            combinations = list(zip(*present, strict=True))
            try:
                distinct = dict.fromkeys(combinations)
            except TypeError:  # an unhashable cell
                found = [self._check(c, columns) for c in combinations]
            else:
                for combination in distinct:
                    distinct[combination] = self._check(combination, columns)
                found = [distinct[c] for c in combinations]
        for i, (_texts, errors, row_error) in enumerate(found):
            if errors:
                problems[i].extend(self._reason(name, e) for name, e in errors)
            elif row_error and i not in problems:
                problems[i].append(row_error)
        return [[f[0][j] for f in found] for j in range(len(self.checked))]

    def _check(self, given, columns):
        cells = iter(given)
        parsed, errors = [], []
        for step, column in zip(self.checked, columns, strict=True):
            cell = next(cells) if column is not None else None
            value, error = _attempt(step.convert, cell)
            if error is not None:
                errors.append((step.name, error))
            parsed.append(value)
        row = dict(zip((s.name for s in self.checked), parsed, strict=True))
        row_error = None
        if not errors:
            try:
                row |= self.layer.check_row(row)
            except (ValueError, ValidationError) as exc:
                row_error = _messages(exc)
        texts = [
            NULL if row[step.name] is None else step.to_text(row[step.name])
            for step in self.checked
        ]
        return texts, errors, row_error

    def _reason(self, name, exc):
        column = self.names.get(name, name)
        reason = f"{column}: {_messages(exc)}"
        if name in self.personal:
            return Private(reason, f"{column}: " + _("not a valid value"))
        return reason

    def _keys(self, batch):
        """The record id; without one, the row's cells as they are, so the
        same row uploaded again is recognised whatever the mapping or the
        values given for every row."""
        n = len(batch.numbers)
        if self.key is None:
            return [_content_key(text) for text in batch.joined_cells()]
        keys = []
        joined = None
        for i, value in enumerate(batch.python(self.key)):
            if values.is_blank(value):
                joined = joined if joined is not None else batch.joined_cells()
                keys.append(_content_key(joined[i]))
                continue
            key = str(value).strip()
            if len(key) > KEY_LENGTH:
                digest = hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
                key = "hash:" + digest
            keys.append(escaped(key))
        assert len(keys) == n
        return keys

    def _ragged(self, count):
        reason = _("has %(n)d values but the header has %(m)d columns") % {
            "n": count,
            "m": self.width,
        }
        if self.table.delimiter == ",":
            reason += _(" (a decimal comma in a comma-separated file?)")
        return reason

    def _reasons(self, problems, n):
        reasons, safe = [NULL] * n, [NULL] * n
        for i, found in problems.items():
            if not found:
                continue
            reasons[i] = escaped("; ".join(found))
            if any(isinstance(p, Private) for p in found):
                safe[i] = escaped("; ".join(getattr(p, "safe", p) for p in found))
        return reasons, safe

    def _reprojected(self, lon, lat, problems):
        srid = self.table.srid
        located = [i for i, x in enumerate(lon) if x != NULL]
        if not located:
            return lon, lat
        xs, ys = to_wgs84(
            srid, [float(lon[i]) for i in located], [float(lat[i]) for i in located]
        )
        lon, lat = list(lon), list(lat)
        for i, x, y in zip(located, xs, ys, strict=True):
            if abs(x) < float("inf") and abs(y) < float("inf"):
                lon[i], lat[i] = repr(x), repr(y)
            else:
                lon[i] = lat[i] = NULL
                problems[i].append(
                    _("cannot be brought from EPSG:%(srid)d to WGS 84")
                    % {"srid": srid if isinstance(srid, int) else 0}
                )
        return lon, lat


def _content_key(text):
    return "row:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def _attempt(convert, cell):
    try:
        return convert(cell), None
    except (ValueError, ValidationError) as exc:
        return None, exc


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

    return convert


def _messages(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
