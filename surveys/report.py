"""The report of one survey upload, typed: what the file is, how its columns
were mapped, what the checks found, and how it ended (committed, or failed
and why). SurveyImport.report stores it as JSON (ReportField) in the flat
shape reports have always had, so the reports stored before it was typed read
as they are; every module reads and writes attributes, not string keys."""

import dataclasses
import json
import re
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import JSONField

from .options import SurveyOptions

# A number of eight digits or more in a reason is a cell's No. KK or NIK.
LONG_NUMBER = re.compile(r"\d{8,}")


@dataclass(frozen=True)
class RowNote:
    """A row and why it was rejected, set aside or worth a look.
    ``reviewer_reason`` says the same without the personal data or the
    location the reason quotes, when it quotes any."""

    row: int
    reason: str
    reviewer_reason: str | None = None


@dataclass(frozen=True)
class EarlierImport:
    """The first committed upload of the same file into the same place."""

    id: int
    at: str
    by: str


NOTES = ("errors", "duplicate_rows", "warnings")


@dataclass(frozen=True)
class SurveyReport:
    options: SurveyOptions = field(default_factory=SurveyOptions)
    already_imported: EarlierImport | None = None
    # The file as read.
    format: str = ""
    srid: int | None = None
    crs_wkt: str | None = None
    layer_name: str | None = None
    layers: list = field(default_factory=list)
    row_label: str = "row"
    columns: list = field(default_factory=list)
    samples: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    # What the checks found: each row in one of new, duplicates, outside,
    # swapped and invalid (rows is None until a check has run).
    rows: int | None = None
    new: int = 0
    duplicates: int = 0
    outside: int = 0
    swapped: int = 0
    invalid: int = 0
    rejected: int = 0
    errors: list = field(default_factory=list)
    duplicate_rows: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    # [lon, lat, row, status] for the preview map.
    points: list = field(default_factory=list)
    # How it ended.
    created: int = 0
    committed_by: str | None = None
    committed_at: str | None = None
    # A failure: ``error`` for any user, ``error_internal`` for the log and
    # the command line, ``error_code`` for what the page offers to fix it.
    error: str | None = None
    error_internal: str | None = None
    error_code: str | None = None
    missing: list = field(default_factory=list)
    missing_fillable: bool = False
    # The file is no longer kept (refused as unsafe, or past its retention).
    discarded: bool = False

    @classmethod
    def from_json(cls, data):
        """A report from its stored JSON; keys it does not know are left."""
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["options"] = SurveyOptions.from_dict(data.get("options"))
        earlier = data.get("already_imported")
        values["already_imported"] = EarlierImport(**earlier) if earlier else None
        for name in NOTES:
            values[name] = [_note(n) for n in data.get(name) or []]
        return cls(**values)

    def as_json(self):
        data = dataclasses.asdict(self)
        for name in NOTES:
            data[name] = [_note_json(n) for n in getattr(self, name)]
        return data

    def but(self, **changes):
        """This report with ``changes`` (notes as RowNote or their JSON)."""
        return SurveyReport.from_json(
            self.as_json() | {k: _jsonable(v) for k, v in changes.items()}
        )

    @property
    def failed(self):
        return self.error is not None

    def for_reviewer(self):
        """What of the report goes to someone who sees an upload's counts and
        reasons but not its cells (the lurah, of a surveyor's file that may
        hold people of other kelurahan): each reason without the name,
        No. KK, address or coordinates it quotes, and no points outside the
        kelurahan. Long numbers are cut to their region code besides, in case
        a reason quotes one no field marked as personal."""

        def masked(notes):
            return [
                RowNote(
                    n.row,
                    LONG_NUMBER.sub(
                        lambda m: m[0][:4] + "…", n.reviewer_reason or n.reason
                    ),
                )
                for n in notes
            ]

        return dataclasses.replace(
            self,
            errors=masked(self.errors),
            duplicate_rows=masked(self.duplicate_rows),
            warnings=masked(self.warnings),
            points=[p for p in self.points if p[3] != "outside"],
        )


def _note(data):
    if isinstance(data, RowNote):
        return data
    return RowNote(data["row"], data["reason"], data.get("reviewer_reason"))


def _note_json(note):
    data = {"row": note.row, "reason": note.reason}
    if note.reviewer_reason and note.reviewer_reason != note.reason:
        data["reviewer_reason"] = note.reviewer_reason
    return data


def _jsonable(value):
    if isinstance(value, list):
        return [_note_json(v) if isinstance(v, RowNote) else v for v in value]
    if isinstance(value, SurveyOptions):
        return value.as_dict()
    if isinstance(value, EarlierImport):
        return dataclasses.asdict(value)
    return value


class ReportField(JSONField):
    """A JSONField whose value is a SurveyReport."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", DjangoJSONEncoder)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("encoder", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        data = super().from_db_value(value, expression, connection)
        return SurveyReport.from_json(data) if isinstance(data, dict) else data

    def to_python(self, value):
        if isinstance(value, SurveyReport):
            return value
        if isinstance(value, str):
            value = json.loads(value)
        return SurveyReport.from_json(value)

    def get_prep_value(self, value):
        if isinstance(value, SurveyReport):
            value = value.as_json()
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        return self.value_from_object(obj).as_json()
