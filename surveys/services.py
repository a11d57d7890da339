"""Importing surveyors' GPS points (households, waste points) from any common
file. The upload page and ``manage.py import_survey`` both call this module:
``survey_upload`` keeps the file and records who sent it; ``survey_import``
reads and checks every row, then (unless a dry run) writes all accepted rows in
one transaction, or nothing. A file that cannot be used at all leaves the
record ``failed`` with a one-line reason."""

import hashlib
import logging
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spatial import layers
from spatial.errors import InvalidInput, NotPermitted
from spatial.io.errors import FileError, LayerChoice, MissingField, NoCoordinates
from spatial.io.points import FORMATS, SUPPORTED, WGS84, open_survey_file
from spatial.io.table import row_noun
from spatial.models import Kelurahan
from spatial.permissions import may_add, may_see_personal
from surveys.mapping import (
    check_coordinates,
    check_required,
    column_mapping,
    default_notes,
    fill_values,
)
from surveys.models import SurveyImport

from .report import counts, summarise
from .rows import RowReader
from .staging import Staging

logger = logging.getLogger(__name__)
Status = SurveyImport.Status

# First keys of PostgreSQL advisory locks: one import at a time writes into a
# kelurahan, so two uploads of one file cannot both pass the duplicate check;
# one request at a time works on a record, so a "check again" finishing late
# cannot overwrite a commit.
LOCK_NAMESPACE = 41_872
RECORD_LOCK_NAMESPACE = 41_873


@dataclass(frozen=True)
class SurveyOptions:
    """The choices a user can make about one file."""

    mapping: dict = field(default_factory=dict)
    srid: int | None = None
    layer_name: str | None = None
    encoding: str | None = None
    fix_swapped: bool = False
    keep_near_duplicates: bool = False
    # field → the value (as typed) for rows that have none, e.g. the kind of
    # every waste point in a GPX of illegal dumping spots.
    fill: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


def survey_layers():
    """The layers a survey file can fill, by name (as their apps registered
    them)."""
    return layers.surveyed()


def survey_layer(name):
    """The SurveyLayer that says how files fill ``name`` (households, …)."""
    known = survey_layers()
    if name not in known:
        raise InvalidInput(
            _("%(name)s is not a survey layer; use %(layers)s")
            % {"name": repr(name), "layers": ", ".join(known)}
        )
    return known[name]


def max_upload_bytes():
    return settings.WAKUNCAR_MAX_UPLOAD_MB * 1024 * 1024


def accuracy_limit_m():
    return settings.WAKUNCAR_GPS_ACCURACY_LIMIT_M


def near_duplicate_m():
    return settings.WAKUNCAR_NEAR_DUPLICATE_M


def check_upload(filename, size):
    """Refuse, before anything is stored, a file of the wrong type, an empty
    one or one above the size limit."""
    name = Path(filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise FileError(
            name,
            _("unsupported file type %(type)s; use %(supported)s")
            % {"type": suffix or _("(none)"), "supported": _(SUPPORTED)},
        )
    if size == 0:
        raise FileError(name, _("is empty"))
    limit = max_upload_bytes()
    if size > limit:
        raise FileError(
            name,
            _("is %(size).1f MB; the limit is %(limit).0f MB")
            % {"size": size / 1048576, "limit": limit / 1048576},
        )


def survey_upload(
    *,
    file,
    filename: str,
    layer: str,
    kelurahan: Kelurahan,
    user,
    via=SurveyImport.Via.PAGE,
):
    """Keep the uploaded ``file`` for audit and record who sent it where, and
    ``via`` the page or the command."""
    spec = survey_layer(layer)
    check_permitted(user, spec, kelurahan)
    check_upload(filename, file.size)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    record = SurveyImport(
        user=user,
        layer=layer,
        kelurahan=kelurahan,
        filename=Path(filename).name[-255:],
        sha256=digest.hexdigest(),
        status=SurveyImport.Status.RECEIVED,
        via=via,
    )
    record.file.save(Path(filename).name, File(file), save=False)
    record.save()
    return record


def check_permitted(user, spec, kelurahan):
    """A command run without ``--user`` is the operator's and is trusted."""
    if user is not None and not may_add(user, spec.model, kelurahan):
        raise NotPermitted(
            _("%(user)s may not upload %(layer)s into Kelurahan %(kelurahan)s.")
            % {"user": user, "layer": spec.label, "kelurahan": kelurahan.name}
        )


class EveryRowRejected(FileError):
    code = "every_row_rejected"

    def __init__(self, filename, reason, *, found):
        super().__init__(filename, reason, details=found["errors"])
        self.found = found


def survey_import(
    *,
    survey_import: SurveyImport,
    user,
    options: SurveyOptions | None = None,
    dry_run: bool = False,
    progress=None,
) -> SurveyImport:
    """Check every row of the stored file; unless ``dry_run``, write the
    accepted rows in one transaction. A dry run of a page upload is a preview
    someone may commit later; of the command's, only a record of the check.
    ``options`` default to the last preview's. ``progress(stage, done,
    total)`` hears how far it got."""
    record = survey_import
    spec = survey_layer(record.layer)
    check_permitted(user, spec, record.kelurahan)
    with _working_on(record):
        record.refresh_from_db()
        if record.status == Status.CHECKED and not dry_run:
            raise InvalidInput(
                _(
                    "%(file)s was only checked (a dry run); upload it again to "
                    "import it."
                )
                % {"file": record.filename}
            )
        # A committed import or a dry run's record is final: checking it
        # again changes nothing.
        if not record.is_final:
            preview = None
            if dry_run:
                page = record.via == SurveyImport.Via.PAGE
                preview = Status.PREVIEWED if page else Status.CHECKED
            _run(record, spec, user, options, preview, progress)
    return record


@contextmanager
def _working_on(record):
    key = [RECORD_LOCK_NAMESPACE, _int4(record.pk)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", key)
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _int4(number):
    # Advisory lock keys are 32-bit; two records sharing one only wait longer.
    return number & 0x7FFFFFFF


def _run(record, spec, user, options, preview, progress):
    """``preview``: None to write, else the status the dry run leaves."""
    options = options or SurveyOptions.from_dict(record.report.get("options"))
    report = {"options": options.as_dict(), "already_imported": _earlier(record)}
    filled = fill_values(spec, options.fill)
    try:
        with open_survey_file(
            record.file.path,
            layer=options.layer_name,
            srid=options.srid,
            encoding=options.encoding,
        ) as table:
            report |= _described(table)
            mapping = column_mapping(table, spec, options.mapping)
            report["mapping"] = mapping
            check_coordinates(table, mapping)
            check_required(table, spec, mapping, filled)
            report["notes"] += default_notes(spec, mapping, filled)
            reader = RowReader(
                table=table,
                layer=spec,
                mapping=mapping,
                filled=filled,
                progress=progress,
            )
            _staged(record, report, reader, options, user, preview, progress)
    except FileError as exc:
        _failed(record, report | getattr(exc, "found", {}), exc)


def _staged(record, report, reader, options, user, preview, progress):
    with connection.cursor() as cursor:
        staging = Staging(cursor, layer=reader.layer, kelurahan=record.kelurahan)
        try:
            staging.create(reader.columns)
            staging.copy(reader.lines())
            if reader.locator.measured:
                report["notes"].append(_("M (measure) values were dropped"))
            _check(staging, reader, options, progress)
            found = counts(staging, keep_near=options.keep_near_duplicates)
            if not (found["new"] or found["duplicates"]):
                found = _summary(staging, record, options)
                raise _every_row_rejected(record, reader.table, found)
            if preview:
                found = _summary(staging, record, options)
                _save(record, report | found, status=preview)
            else:
                _write(staging, record, report, options, user, progress)
        finally:
            staging.drop()


def _check(staging, reader, options, progress):
    steps = 3
    _tell(progress, "checking", 0, steps)
    # Swapped axes are a mistake of latitude/longitude files, not of UTM ones.
    staging.locate(lat_lon=reader.table.srid == WGS84, fix_swapped=options.fix_swapped)
    _tell(progress, "checking", 1, steps)
    staging.assign_rts()
    _tell(progress, "checking", 2, steps)
    staging.mark_duplicates()
    staging.mark_near_duplicates(metres=near_duplicate_m())
    _tell(progress, "checking", 3, steps)


def _summary(staging, record, options):
    return summarise(
        staging,
        kelurahan=record.kelurahan,
        keep_near=options.keep_near_duplicates,
        accuracy_limit_m=accuracy_limit_m(),
        reveal_stored=may_see_personal(record.user, record.kelurahan_id),
    )


def _write(staging, record, report, options, user, progress):
    try:
        with transaction.atomic():
            staging.cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, _int4(record.kelurahan.pk)],
            )
            # Under the lock, again: another import may have stored the same
            # records since the rows were checked.
            staging.mark_stored()
            found = _summary(staging, record, options)
            _tell(progress, "writing", 0, found["new"])
            found["created"] = staging.insert(
                keep_near=options.keep_near_duplicates,
                survey_import=record,
                user=user,
            )
            found["committed_by"] = str(user or _("the command line"))
            found["committed_at"] = timezone.now().isoformat()
            _save(record, report | found, status=SurveyImport.Status.COMMITTED)
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        record.refresh_from_db()
        record.status = SurveyImport.Status.FAILED
        record.report = report | {
            "error": _("writing failed and nothing was imported (%(error)s)")
            % {"error": reason},
            "error_code": "write_failed",
        }
        record.save()
        # The record says what happened, and the page and the command show it
        # like any other failed file; the traceback goes to the log.
        logger.exception("survey import %s: writing failed", record.pk)
        return
    _tell(progress, "writing", found["created"], found["new"])


def _save(record, report, *, status):
    record.status = status
    record.created = report.get("created", 0)
    record.duplicates = report["duplicates"]
    record.rejected = report["rejected"]
    record.report = report
    record.save()


def _failed(record, report, exc):
    # The stored copy may have been renamed; the user knows the file by the
    # name they uploaded, which the record keeps.
    report = report | {"error": exc.reason, "error_code": exc.code}
    report.setdefault("errors", [d for d in exc.details if "row" in d])
    if isinstance(exc, LayerChoice):
        report["layers"] = exc.layers
    if isinstance(exc, NoCoordinates):
        report["columns"] = exc.columns
    if isinstance(exc, MissingField):
        report["missing"] = exc.fields
        report["missing_fillable"] = exc.fillable
    record.status = SurveyImport.Status.FAILED
    record.created = 0
    record.duplicates = report.get("duplicates", 0)
    record.rejected = report.get("rejected", 0)
    record.report = report
    record.save()


def _every_row_rejected(record, table, found):
    parts = []
    if found["outside"]:
        parts.append(
            _("%(n)d outside Kelurahan %(name)s")
            % {"n": found["outside"], "name": record.kelurahan.name}
        )
    if found["invalid"]:
        parts.append(_("%(n)d invalid") % {"n": found["invalid"]})
    return EveryRowRejected(
        table.filename,
        _("every %(row)s was rejected (%(reasons)s); nothing was imported")
        % {"row": row_noun(table.row_label), "reasons": ", ".join(parts)},
        found=found,
    )


def _described(table):
    return {
        "format": table.format,
        "srid": table.srid,
        "layer_name": table.layer,
        "layers": table.layers,
        "row_label": table.row_label,
        "columns": list(table.columns),
        "samples": _samples(table),
        "notes": list(table.notes),
    }


def _samples(table, count=3):
    """A few filled cells per column, shown beside the mapping to choose by."""
    samples = {}
    for i, column in enumerate(table.columns):
        cells = [row[i] for _, row in table.sample if row[i] not in (None, "")]
        samples[column] = [
            _("(point)") if isinstance(c, dict) else _shortened(str(c))
            for c in cells[:count]
        ]
    return samples


def _shortened(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


def _earlier(record):
    earlier = (
        SurveyImport.objects.filter(
            sha256=record.sha256,
            layer=record.layer,
            kelurahan=record.kelurahan,
            status=SurveyImport.Status.COMMITTED,
        )
        .exclude(pk=record.pk)
        .select_related("user")
        .order_by("at")
        .first()
    )
    if earlier is None:
        return None
    return {
        "id": earlier.pk,
        "at": earlier.at.isoformat(),
        "by": str(earlier.user or _("the command line")),
    }


def _tell(progress, stage, done, total):
    if progress:
        progress(stage, done, total)
