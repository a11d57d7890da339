"""The rejected rows of an imported file, ready to fix and upload again: their
cells as they were, the row number and the reason, as CSV or as an XLSX whose
every cell is text (Excel opening a CSV turns a 16-digit No. KK into
1,87205E+15, which the import then rightly refuses)."""

import csv
import io
from contextlib import contextmanager

from django.utils.translation import gettext as _

from spatial.io.points import open_survey_file
from spatial.io.table import GEOMETRY
from spatial.io.values import number
from spatial.io.writers.tables import neutralised, write_text_sheet
from spatial.models import PersonalDataAccess
from spatial.permissions import personal_fields
from surveys.models import SurveyImport

from .storage import survey_layer


def write_rejected(*, survey_import: SurveyImport, out, user=None):
    """As CSV in the file's own delimiter (so Excel in the Indonesian locale
    splits the columns), with a BOM (so it reads UTF-8). ``user``'s read of
    the rows (names, No. KK) is logged."""
    with _rejected(survey_import) as (header, rows, delimiter):
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow([_csv_cell(c) for c in header])
        writer.writerows([_csv_cell(c) for c in row] for row in rows)
    _log_read(survey_import, user, "csv")


def write_rejected_xlsx(*, survey_import: SurveyImport, out, user=None):
    with _rejected(survey_import) as (header, rows, _delimiter):
        buffer = io.BytesIO()
        write_text_sheet(buffer, _("Rejected rows"), header, rows)
    out.write(buffer.getvalue())
    _log_read(survey_import, user, "xlsx")


def _log_read(survey_import, user, format):
    """UU 27/2022 asks who read personal data: the rejected rows of a layer
    with personal fields are such a read."""
    model = survey_layer(survey_import.layer).model
    if user is None or not personal_fields(model):
        return
    PersonalDataAccess.objects.create(
        user=user,
        model=model._meta.label,
        kelurahan_id=survey_import.kelurahan_id,
        channel="upload",
        records=len({e.row for e in survey_import.report.errors}),
        detail=f"rejected rows of {survey_import.filename}.{format}"[:255],
    )


@contextmanager
def _rejected(survey_import):
    report = survey_import.report
    reasons = {}
    for error in report.errors:
        reasons.setdefault(error.row, []).append(error.reason)
    options = report.options
    with open_survey_file(
        survey_import.file.path,
        layer=options.layer_name,
        srid=options.srid,
        encoding=options.encoding,
    ) as table:
        row_name, reason_name = _("row"), _("reason")
        columns = [c for c in table.columns if c != GEOMETRY]
        # A file of rejected rows uploaded again brings our row and reason
        # columns, first and last; a survey's own "alasan" column stays.
        if columns and columns[0] in ("row", row_name):
            columns = columns[1:]
        if columns and columns[-1] in ("reason", reason_name):
            columns = columns[:-1]
        geometry = GEOMETRY in table.columns
        header = [row_name, *columns]
        header += [_("longitude"), _("latitude")] if geometry else []
        index = [table.columns.index(c) for c in columns]

        def rows():
            for number_, cells in table.rows:
                if number_ not in reasons:
                    continue
                line = [number_, *(_cell(cells[i]) for i in index)]
                if geometry:
                    line += _lon_lat(cells[table.columns.index(GEOMETRY)])
                yield [*line, "; ".join(reasons[number_])]

        yield [*header, reason_name], rows(), table.delimiter or ","


def _cell(value):
    return "" if value is None else value


def _csv_cell(value):
    """A cell a spreadsheet would run as a formula gets an apostrophe; a
    number (a negative latitude) stays as it is."""
    if not isinstance(value, str) or not value:
        return value
    try:
        number(value)
    except ValueError:
        return neutralised(value)
    return value


def _lon_lat(geometry):
    coordinates = (
        (geometry or {}).get("coordinates") if isinstance(geometry, dict) else None
    )
    if (geometry or {}).get("type") == "Point" and coordinates:
        return list(coordinates[:2])
    return ["", ""]
