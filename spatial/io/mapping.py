"""Which column of a survey file fills which field: found by name (and for
coordinates by content), then corrected by the user (``--map column=field`` or
the preview's column table). A layer (households, waste points) declares its
own fields in its app's ``survey_fields.py``."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spatial.errors import InvalidInput
from spatial.permissions import personal_fields

from .columns import normalise
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
from .errors import FileError, FillError, MissingField, NoCoordinates

IGNORE = ""


@dataclass(frozen=True)
class SurveyField:
    """A model field filled from a column. ``parse`` turns a cell into the
    field's value (None when blank) or raises ValueError with the reason."""

    name: str
    names: tuple
    parse: Callable
    required: bool = False
    # Few distinct values (choices, yes/no, dates): each is parsed once.
    repeats: bool = False


@dataclass(frozen=True)
class RowWarning:
    """Accepted rows worth a look: ``condition`` and ``values`` are SQL over
    the staged row ``s``, its place ``p`` and its RT ``r`` and RW ``w``;
    ``message`` turns a row's values into the warning."""

    condition: str
    values: tuple
    message: Callable


@dataclass(frozen=True)
class SurveyLayer:
    """How survey rows become records of ``model``.

    ``check_row`` sees the parsed values of ``check_fields`` for one row and
    returns the values it completes (or raises ValidationError/ValueError);
    ``defaults`` gives values for blank cells from the kind of file and the
    fields its columns fill;
    ``derived_sql`` fills model fields with SQL over the staged row ``s``, its
    place ``p`` and the RT ``r`` and RW ``w`` it falls in; ``user_values`` fills
    fields from the user who uploaded the file and the one who commits it;
    ``same_name`` is the field that, equal within a few metres, makes a
    near-duplicate; ``warnings`` (RowWarning) flag accepted rows."""

    name: str
    model: type
    fields: tuple
    check_fields: tuple = ()
    check_row: Callable | None = None
    defaults: Callable = field(default=lambda source, mapped: {})
    derived_sql: dict = field(default_factory=dict)
    user_values: Callable = field(default=lambda *, uploader, committer: {})
    same_name: str | None = None
    requires_rt: bool = False
    warnings: tuple = ()
    # Fields whose default, taken for want of a column, the report mentions.
    noted_defaults: tuple = ()

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def field_names(self):
        return [f.name for f in self.fields]

    @property
    def fillable(self):
        """The fields one value may fill for every row: not a person's name,
        number or address, which belong to one record each."""
        personal = personal_fields(self.model)
        return tuple(f for f in self.fields if f.name not in personal)


def all_fields(layer):
    """Every field a column can be mapped to, coordinates first."""
    return [*COORDINATE_FIELDS, *CAPTURE_FIELDS, KEY_FIELD, *layer.field_names()]


def column_mapping(table, layer, overrides=None):
    """The column → field mapping: found automatically, then ``overrides``
    (column → field, or "" to leave a column unused) applied."""
    mapping = detect(table.columns, table.sample)
    for survey_field in layer.fields:
        if survey_field.name in mapping.values():
            continue
        taken = set(mapping)
        by_name = {normalise(c): c for c in table.columns if c not in taken}
        column = next((by_name[n] for n in survey_field.names if n in by_name), None)
        if column:
            mapping[column] = survey_field.name
    for column, target in (overrides or {}).items():
        _override(table, layer, mapping, column, target)
    return mapping


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
    else:
        reason = _(
            "no coordinate columns found among %(columns)s; name them latitude and "
            "longitude (or lintang and bujur), or map them (--map COLUMN=latitude)"
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
