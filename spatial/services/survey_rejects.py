"""The rejected rows of an imported file as CSV: their cells as they were, the
row number and the reason, ready to fix and upload again."""

import csv

from spatial.io.points import open_survey_file
from spatial.io.table import GEOMETRY
from spatial.models import SurveyImport

from .surveys import SurveyOptions


def write_rejected(*, survey_import: SurveyImport, out):
    """The rejected rows of the stored file as CSV, their cells as they were
    plus the reason, to fix and upload again."""
    report = survey_import.report
    reasons = {}
    for error in report.get("errors", []):
        reasons.setdefault(error["row"], []).append(error["reason"])
    options = SurveyOptions.from_dict(report.get("options"))
    with open_survey_file(
        survey_import.file.path,
        layer=options.layer_name,
        srid=options.srid,
        encoding=options.encoding,
    ) as table:
        columns = [c for c in table.columns if c not in (GEOMETRY, "reason")]
        geometry = GEOMETRY in table.columns
        # A BOM, so Excel reads UTF-8; the file's own delimiter, so Excel in
        # the Indonesian locale splits the columns.
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=table.delimiter or ",")
        header = ["row", *columns]
        writer.writerow(
            header + (["longitude", "latitude"] if geometry else []) + ["reason"]
        )
        index = [table.columns.index(c) for c in columns]
        for number, cells in table.rows:
            if number not in reasons:
                continue
            line = [number, *(_cell(cells[i]) for i in index)]
            if geometry:
                line += _lon_lat(cells[table.columns.index(GEOMETRY)])
            writer.writerow(line + ["; ".join(reasons[number])])


def _cell(value):
    return "" if value is None else value


def _lon_lat(geometry):
    coordinates = (
        (geometry or {}).get("coordinates") if isinstance(geometry, dict) else None
    )
    if (geometry or {}).get("type") == "Point" and coordinates:
        return list(coordinates[:2])
    return ["", ""]
