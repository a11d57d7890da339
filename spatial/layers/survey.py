"""How a survey file fills a layer: the vocabulary each app uses to declare its
layer's fields (``households/survey_fields.py`` …). The surveys app reads the
file, maps its columns, checks and writes the rows."""

from collections.abc import Callable
from dataclasses import dataclass, field

from spatial.permissions import personal_fields

# What a column can locate a row by, beside the layer's own fields: the names
# the mapping (``--map column=latitude``) and a layer's ``defaults`` use.
LATITUDE, LONGITUDE, GEOPOINT, GEOMETRY_FIELD = (
    "latitude",
    "longitude",
    "geopoint",
    "geometry",
)


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
    # One of a fixed set of values (a model field's choices): a column found
    # by its name whose values are none of them is left unused.
    choices: bool = False


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
