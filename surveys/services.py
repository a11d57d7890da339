"""Importing surveyors' GPS points (households, waste points) from any common
file. The upload page and ``manage.py import_survey`` both call this module:
``survey_upload`` keeps the file and records who sent it; ``survey_import``
reads and checks every row, then (unless a dry run) writes all accepted rows in
one transaction, or nothing. A file that cannot be used at all leaves the
record ``failed`` with a one-line reason."""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from spatial.errors import InvalidInput, first_line
from spatial.io.errors import (
    FileError,
    LayerChoice,
    MissingField,
    NoCoordinates,
    UnsafeFile,
)
from spatial.io.points import WGS84, open_survey_file
from spatial.io.table import row_noun
from spatial.permissions import may_see_personal, reviewer_values
from surveys.mapping import (
    check_coordinates,
    check_required,
    column_mapping,
    default_notes,
)
from surveys.models import SurveyImport
from surveys.options import SurveyOptions
from surveys.storage import check_permitted, survey_layer

from .findings import summarise
from .report import EarlierImport, SurveyReport
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


def accuracy_limit_m():
    return settings.WAKUNCAR_GPS_ACCURACY_LIMIT_M


def near_duplicate_m():
    return settings.WAKUNCAR_NEAR_DUPLICATE_M


def staging_retention():
    return timedelta(hours=settings.WAKUNCAR_STAGING_HOURS)


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
    someone may commit later, whose checked rows stay staged until then (or
    their retention); of the command's, only a record of the check.
    ``options`` default to the last preview's, and a commit with those finds
    the rows staged and does not read the file again. ``progress(stage,
    done, total)`` hears how far it got. A connection lost at any step leaves
    nothing written and the record failed."""
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
            try:
                _run(record, spec, user, options, preview, progress)
            except DatabaseError as exc:
                _lost(record, exc)
    return record


@contextmanager
def _working_on(record):
    key = [RECORD_LOCK_NAMESPACE, _int4(record.pk)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", key)
    try:
        yield
    finally:
        # A lost connection took the lock with it.
        if _connected():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _int4(number):
    # Advisory lock keys are 32-bit; two records sharing one only wait longer.
    return number & 0x7FFFFFFF


def connection_lost(exc):
    """Whether ``exc`` says the connection died (no SQLSTATE, a connection
    exception 08…, or the server shutting the backend down 57P…), rather than
    the database refusing a statement."""
    code = getattr(exc.__cause__, "pgcode", None)
    if isinstance(exc, InterfaceError):
        return True
    return isinstance(exc, OperationalError) and (
        code is None or code.startswith(("08", "57P"))
    )


def _connected():
    """Whether Django's connection still reaches its backend (a killed one
    may not have noticed yet)."""
    return connection.connection is not None and connection.is_usable()


def _run(record, spec, user, options, preview, progress):
    """``preview``: None to write, else the status the dry run leaves."""
    stored = record.report.options
    options = options or stored
    with connection.cursor() as cursor:
        staging = Staging(cursor, layer=spec, kelurahan=record.kelurahan, key=record.pk)
        if preview is None and options == stored and _still_staged(record, staging):
            try:
                _write(staging, record, record.report, options, user, progress)
            finally:
                _tidy(staging, drop=False)
            return
        report = SurveyReport(options=options, already_imported=_earlier(record))
        keep = False
        try:
            filled = options.filled(spec)
            with open_survey_file(
                record.file.path,
                layer=options.layer_name,
                srid=options.srid,
                encoding=options.encoding,
            ) as table:
                report = report.but(**_described(table))
                mapping = column_mapping(
                    table,
                    spec,
                    options.mapping,
                    filled=filled,
                    notes=report.notes,
                )
                report = report.but(mapping=mapping)
                check_coordinates(table, mapping)
                check_required(table, spec, mapping, filled)
                report.notes.extend(default_notes(spec, mapping, filled))
                reader = RowReader(
                    table=table,
                    layer=spec,
                    mapping=mapping,
                    filled=filled,
                    progress=progress,
                )
                found = _staged(
                    staging,
                    record,
                    report,
                    reader,
                    options,
                    progress,
                    ready=preview == Status.PREVIEWED,
                )
                report = report.but(**found)
            if preview:
                keep = preview == Status.PREVIEWED
                _save(record, report, status=preview, staged=keep)
            else:
                _write(staging, record, report, options, user, progress, fresh=True)
        except FileError as exc:
            _failed(record, report.but(**getattr(exc, "found", {})), exc)
        finally:
            _tidy(staging, drop=not keep)


def _tidy(staging, *, drop):
    """Drop the staging tables unless they wait for a commit, and reset the
    session's settings; on a connection that replaced a lost one, whose
    cursor is new."""
    if not _connected():
        return
    with connection.cursor() as cursor:
        staging.cursor = cursor
        if drop:
            staging.drop()
        staging.untune()


def _still_staged(record, staging):
    """Whether the last check's rows wait in the staging tables; staged rows
    past their retention are dropped here (expiry on read)."""
    fresh = record.staged_until is not None and record.staged_until > timezone.now()
    if fresh and staging.exists():
        staging.tune()
        return True
    staging.drop()
    return False


def _staged(staging, record, report, reader, options, progress, *, ready):
    """Stage and check every row; with ``ready``, also put the accepted rows
    as the layer's table takes them, for a commit in a later request."""
    staging.create(reader.columns)
    staging.copy(reader.lines())
    _refuse_reviewer_values(staging, record)
    if reader.locator.measured:
        report.notes.append(_("M (measure) values were dropped"))
    _check(staging, reader, options, progress)
    found = _summary(staging, record, options)
    if not (found["new"] or found["duplicates"]):
        raise _every_row_rejected(record, reader.table, found)
    if ready:
        staging.prepare(keep_near=options.keep_near_duplicates, uploader=record.user)
    return found


def _refuse_reviewer_values(staging, record):
    """Rows giving a value that is the lurah's call (a spot marked verified
    or cleared) are refused to an uploader who may not give it, as the map
    refuses them (spatial.permissions.reviewer_values)."""
    model = staging.layer.model
    for name, values in reviewer_values(record.user, model).items():
        field = model._meta.get_field(name)
        labels = dict(field.choices or ())
        staging.refuse_values(
            name,
            values,
            reason=_(
                "%(field)s %(values)s is set by the lurah or the city admin, "
                "not in a surveyor's upload"
            )
            % {
                "field": capfirst(field.verbose_name),
                "values": ", ".join(f"“{labels.get(v, v)}”" for v in sorted(values)),
            },
        )


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


def _write(staging, record, report, options, user, progress, *, fresh=False):
    """Under the kelurahan's lock, the checked rows whose record id nobody
    stored meanwhile, in one transaction with the record and the staging
    tables' end: from the ready table of a preview, or (``fresh``, right
    after the check) from the checked stage itself."""
    expected = report.new
    _tell(progress, "writing", 0, expected)
    try:
        with transaction.atomic():
            staging.cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, _int4(record.kelurahan.pk)],
            )
            created = staging.insert(
                survey_import=record,
                user=user,
                keep_near=options.keep_near_duplicates if fresh else None,
            )
            found = {}
            if created != expected:
                # Another import stored some of these records since the
                # check: the report says which, as a check now would.
                staging.mark_stored()
                found = _summary(staging, record, options)
            found |= {
                "created": created,
                "new": created,
                "duplicates": report.duplicates + expected - created,
                "committed_by": str(user or _("the command line")),
                "committed_at": timezone.now().isoformat(),
            }
            staging.drop()
            _save(record, report.but(**found), status=SurveyImport.Status.COMMITTED)
    except DatabaseError as exc:
        if connection_lost(exc):
            raise
        # The database refused a row (a constraint the checks do not know):
        # the record says so in words fit for the page; its own words, which
        # may quote values, go to the log and the command line.
        logger.exception("survey import %s: writing failed", record.pk)
        staging.drop()
        _fail(
            record,
            report,
            code="write_failed",
            message=_("writing failed and nothing was imported"),
            internal=first_line(exc),
        )
        return
    _tell(progress, "writing", created, expected)


def _lost(record, exc):
    """The connection died (the server restarted, the backend was killed):
    nothing of the transaction was kept. Connect again and say so on the
    record; if the database cannot be reached at all, the error goes up."""
    # The record keeps the reason; no log line, so the command prints one.
    connection.close()
    record.refresh_from_db()
    _fail(
        record,
        record.report,
        code="connection_lost",
        message=_(
            "the connection to the database was lost and nothing was imported; "
            "check the file again"
        ),
        internal=first_line(exc),
    )
    with connection.cursor() as cursor:
        Staging(
            cursor,
            layer=survey_layer(record.layer),
            kelurahan=record.kelurahan,
            key=record.pk,
        ).drop()


def _fail(record, report, *, code, message, internal):
    record.status = SurveyImport.Status.FAILED
    record.staged_until = None
    record.created = 0
    record.report = report.but(error=message, error_internal=internal, error_code=code)
    record.save()


def _save(record, report, *, status, staged=False):
    record.status = status
    record.created = report.created
    record.duplicates = report.duplicates
    record.rejected = report.rejected
    record.report = report
    record.staged_until = timezone.now() + staging_retention() if staged else None
    record.save()


def _failed(record, report, exc):
    # The stored copy may have been renamed; the user knows the file by the
    # name they uploaded, which the record keeps.
    changes = {
        "error": exc.reason,
        "error_internal": exc.internal_reason,
        "error_code": exc.code,
    }
    if not report.errors:
        changes["errors"] = [d for d in exc.details if "row" in d]
    if isinstance(exc, LayerChoice):
        changes["layers"] = exc.layers
    if isinstance(exc, NoCoordinates):
        changes["columns"] = exc.columns
    if isinstance(exc, MissingField):
        changes["missing"] = exc.fields
        changes["missing_fillable"] = exc.fillable
    if isinstance(exc, UnsafeFile):
        # A refused file (zip bomb, XML entities) is not kept: the record
        # keeps its name, size and SHA-256.
        record.file.delete(save=False)
        changes["discarded"] = True
    report = report.but(**changes)
    record.status = SurveyImport.Status.FAILED
    record.staged_until = None
    record.created = 0
    record.duplicates = report.duplicates
    record.rejected = report.rejected
    record.report = report
    record.save()


def _every_row_rejected(record, table, found):
    parts = []
    if found["outside"]:
        parts.append(
            _("%(n)d outside Kelurahan %(name)s")
            % {"n": found["outside"], "name": record.kelurahan.name}
        )
    if found["swapped"]:
        parts.append(
            _("%(n)d with latitude and longitude swapped") % {"n": found["swapped"]}
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
    custom = isinstance(table.srid, str)
    return {
        "format": table.format,
        # A CRS without an EPSG code is kept as its WKT, transformed as it is.
        "srid": None if custom else table.srid,
        "crs_wkt": table.srid if custom else None,
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
    return EarlierImport(
        id=earlier.pk,
        at=earlier.at.isoformat(),
        by=str(earlier.user or _("the command line")),
    )


def _tell(progress, stage, done, total):
    if progress:
        progress(stage, done, total)
