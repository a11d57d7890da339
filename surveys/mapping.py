"""Which column of a survey file fills which field: found by name (and for
coordinates by content), then corrected by the user (``--map column=field`` or
the preview's column table). A layer (households, waste points) declares its
own fields in its app's ``survey_fields.py``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spatial.errors import InvalidInput
from spatial.io.columns import normalise
from spatial.io.errors import FileError, FillError, MissingField, NoCoordinates

from .coordinates import (
    CAPTURE_FIELDS,
    COORDINATE_FIELDS,
    GEOMETRY_FIELD,
    GEOPOINT,
    KEY_FIELD,
    LATITUDE,
    LONGITUDE,
    detect,
)

IGNORE = ""


def all_fields(layer):
    """Every field a column can be mapped to, coordinates first."""
    return [*COORDINATE_FIELDS, *CAPTURE_FIELDS, KEY_FIELD, *layer.field_names()]


def column_mapping(table, layer, overrides=None, *, filled=None, notes=None):
    """The column → field mapping: found automatically, then ``overrides``
    (column → field, or "" to leave a column unused) applied. A column found
    automatically gives way to a value given for every row (``filled``), and
    is left unused when none of its first values is one its field takes; each
    such decision goes into ``notes``."""
    mapping = detect(table.columns, table.sample)
    for survey_field in layer.fields:
        if survey_field.name in mapping.values():
            continue
        taken = set(mapping)
        by_name = {normalise(c): c for c in table.columns if c not in taken}
        column = next((by_name[n] for n in survey_field.names if n in by_name), None)
        if column:
            mapping[column] = survey_field.name
    chosen = set(overrides or {})
    _drop_doubtful(table, layer, mapping, chosen, filled or {}, notes)
    for column, target in (overrides or {}).items():
        _override(table, layer, mapping, column, target)
    return mapping


def _drop_doubtful(table, layer, mapping, chosen, filled, notes):
    """Columns matched by name only (a GPX's <type>) never beat what the user
    said: a value for every row, or values none of which the field takes."""
    fields = {f.name: f for f in layer.fields}
    for column, name in list(mapping.items()):
        if column in chosen or name not in fields:
            continue
        label = layer.model._meta.get_field(name).verbose_name
        if name in filled:
            del mapping[column]
            note = _(
                "column %(column)s is not used for %(field)s: one value is given "
                "for every row (choose the column to use its values first)"
            )
        elif _none_valid(table, column, fields[name]):
            del mapping[column]
            note = _(
                "column %(column)s is not used for %(field)s: none of its first "
                "values is one (choose the column if it is meant)"
            )
        else:
            continue
        if notes is not None:
            notes.append(note % {"column": repr(column), "field": label})


def _none_valid(table, column, survey_field):
    """Whether a column of a field with choices has sample values and not one
    of them is a valid choice."""
    if not survey_field.choices:
        return False
    i = table.columns.index(column)
    cells = [row[i] for _n, row in table.sample if i < len(row)]
    cells = [c for c in cells if c not in (None, "") and str(c).strip()]
    if not cells:
        return False
    for cell in cells:
        try:
            survey_field.parse(cell)
        except (ValueError, ValidationError):
            continue
        return False
    return True


def _override(table, layer, mapping, column, target):
    if column not in table.columns:
        raise FileError(
            table.filename,
            _("has no column %(column)s; it has %(columns)s")
            % {"column": repr(column), "columns": ", ".join(table.columns)},
        )
    known = all_fields(layer)
    if target != IGNORE and target not in known:
        raise FileError(
            table.filename,
            _("cannot map %(column)s to %(target)s; the fields are %(fields)s")
            % {
                "column": repr(column),
                "target": repr(target),
                "fields": ", ".join(known),
            },
        )
    kind = _coordinate_kind(target)
    for other, other_target in list(mapping.items()):
        other_kind = _coordinate_kind(other_target)
        # Rows are located one way: choosing a geopoint column drops the
        # latitude/longitude found automatically, and the other way round.
        replaced = kind and other_kind and other_kind != kind
        if other == column or other_target == target or replaced:
            del mapping[other]
    if target != IGNORE:
        mapping[column] = target


def _coordinate_kind(target):
    if target in (LATITUDE, LONGITUDE):
        return "lat_lon"
    if target in (GEOPOINT, GEOMETRY_FIELD):
        return target
    return None


def check_coordinates(table, mapping):
    """Raise NoCoordinates unless the mapping locates every row one way."""
    targets = set(mapping.values())
    if {LATITUDE, LONGITUDE} <= targets or targets & {GEOPOINT, GEOMETRY_FIELD}:
        return
    columns = ", ".join(table.columns)
    if targets & {LATITUDE, LONGITUDE}:
        missing = LONGITUDE if LATITUDE in targets else LATITUDE
        reason = _("a %(field)s column is needed too (columns: %(columns)s)") % {
            "field": missing,
            "columns": columns,
        }
    elif table.format not in ("csv", "xlsx"):
        reason = _(
            "the layer has no geometry, and no coordinate columns were found among "
            "%(columns)s; choose the columns that hold latitude and longitude"
        ) % {"columns": columns}
    else:
        reason = _(
            "no coordinate columns found among %(columns)s; name them latitude and "
            "longitude (or lintang and bujur), or choose the columns that hold them"
        ) % {"columns": columns}
    raise NoCoordinates(table.filename, reason, columns=table.columns)


def fill_values(layer, fill):
    """The values given for rows that have none (``--fill FIELD=VALUE``, or
    the preview's "same value for every row"), each read by its field's
    parser, so ``kind=sampah liar`` means an illegal dumping spot. Blank
    values are dropped."""
    parsed = {name: fill_value(layer, name, text) for name, text in fill.items()}
    return {name: value for name, value in parsed.items() if value is not None}


def fill_value(layer, name, text):
    fields = {f.name: f for f in layer.fillable}
    if name not in fields:
        raise InvalidInput(
            _("%(field)s cannot be given for every row; the fields are %(fields)s")
            % {"field": repr(name), "fields": ", ".join(fields)}
        )
    try:
        return fields[name].parse(text)
    except (ValueError, ValidationError) as exc:
        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else exc
        raise FillError(name, str(reason)) from None


def default_notes(layer, mapping, filled):
    """What the rows take for want of a column (``layer.noted_defaults``)."""
    given = set(mapping.values()) | set(filled)
    notes = []
    for name in layer.noted_defaults:
        if name in given:
            continue
        field = layer.model._meta.get_field(name)
        notes.append(
            _("no column for %(field)s: every row takes %(value)s")
            % {"field": field.verbose_name, "value": field.get_default()}
        )
    return notes


def check_required(table, layer, mapping, filled):
    """Raise MissingField when a required field has neither a column nor a
    value for every row."""
    given = set(mapping.values()) | set(filled)
    missing = [f.name for f in layer.fields if f.required and f.name not in given]
    if missing:
        labels = ", ".join(
            str(layer.model._meta.get_field(name).verbose_name) for name in missing
        )
        fillable = {f.name for f in layer.fillable}
        if set(missing) <= fillable:
            reason = _(
                "no column for %(fields)s; choose the column that holds it or "
                "give one value for every row"
            )
        else:
            reason = _("no column for %(fields)s; choose the column that holds it")
        raise MissingField(
            table.filename,
            reason % {"fields": labels},
            fields=missing,
            fillable=set(missing) <= fillable,
        )
