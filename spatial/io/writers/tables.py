"""Tables for spreadsheets and for importing again: CSV and XLSX. Geometry goes
in a ``wkt`` column at full precision. Text that a spreadsheet would run as a
formula is neutralised; numbers, dates and yes/no stay typed."""

import csv
import datetime as dt

import shapely
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from spatial.errors import InvalidInput

from .dictionary import DICTIONARY_HEADER, dictionary_row
from .schema import local_time

GEOMETRY_COLUMN = "wkt"
# OWASP "CSV injection": a cell starting with one of these is a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_DATA_ROWS = XLSX_MAX_ROWS - 1  # below the header
XLSX_MAX_CELL = 32_767
XLSX_SHEET_NAME_MAX = 31


def neutralised(text):
    """``text`` with an apostrophe in front when a spreadsheet would take it
    for a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path, layers, *, about=()):
    (layer,) = layers
    cells = [_CSV_CELLS[c.type] for c in layer.columns]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(_header(layer))
        for rows in layer.rows_in_batches():
            writer.writerows(_typed_rows(layer, rows, cells))


def write_xlsx(path, layers, *, about=()):
    book = Workbook(write_only=True)
    notes = list(about)
    try:
        for layer in layers:
            notes += _write_sheet(book, layer)
    except BaseException:
        # Finish the half-written sheets, whose row writers would otherwise
        # complain when collected; openpyxl removes their temporary files.
        for sheet in book.worksheets:
            sheet.close()
        raise
    _readme_sheet(book, layers, notes)
    book.save(path)


def write_text_sheet(out, title, header, rows):
    """One sheet whose every cell is text, as it was read: a No. KK keeps its
    16 digits and a "=…" cell is not a formula."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:XLSX_SHEET_NAME_MAX])
    for line in ([header], rows):
        for cells in line:
            sheet.append([_text_cell(sheet, value) for value in cells])
    book.save(out)


def _text_cell(sheet, value):
    text = "" if value is None else str(value)
    cell = WriteOnlyCell(
        sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text)[:XLSX_MAX_CELL]
    )
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def _write_sheet(book, layer):
    sheet = book.create_sheet(layer.name[:XLSX_SHEET_NAME_MAX])
    sheet.append(_header(layer))
    cells = [_XLSX_CELLS[c.type] for c in layer.columns]
    too_long = 0
    for rows in layer.rows_in_batches():
        if layer.written > XLSX_MAX_DATA_ROWS:
            raise InvalidInput(
                _(
                    "%(layer)s has more rows than a spreadsheet holds "
                    "(%(max)s); export it as CSV or GeoPackage."
                )
                % {"layer": layer.name, "max": XLSX_MAX_DATA_ROWS}
            )
        for row in _typed_rows(layer, rows, cells):
            too_long += _drop_oversized_geometry(layer, row)
            sheet.append(row)
    if not too_long:
        return []
    return [
        _(
            "%(layer)s: %(count)s geometries are longer than a spreadsheet cell "
            "holds (%(max)s characters) and were left out; the GeoPackage export "
            "has them."
        )
        % {"layer": layer.name, "count": too_long, "max": XLSX_MAX_CELL}
    ]


def _header(layer):
    names = [c.name for c in layer.columns]
    return [*names, GEOMETRY_COLUMN] if layer.geometry_type else names


def _typed_rows(layer, rows, cells):
    geometries, *values = zip(*rows, strict=True)
    columns = [
        [cell(v) if v is not None else None for v in column]
        for cell, column in zip(cells, values, strict=True)
    ]
    if layer.geometry_type:
        shapes = shapely.from_wkb([bytes(g) for g in geometries])
        columns.append(shapely.to_wkt(shapes, rounding_precision=-1).tolist())
    return map(list, zip(*columns, strict=True))


def _drop_oversized_geometry(layer, row):
    if layer.geometry_type and len(row[-1]) > XLSX_MAX_CELL:
        row[-1] = None
        return 1
    return 0


def _local_text(value):
    return local_time(value).isoformat()


def _spreadsheet_text(value):
    # XML 1.0, inside an .xlsx, has no place for most control characters.
    return neutralised(ILLEGAL_CHARACTERS_RE.sub("", value))


def _excel_time(value):
    # Excel has no time zones: the value is in WIB, as the README sheet says.
    return local_time(value).replace(tzinfo=None)


def _same(value):
    return value


_CSV_CELLS = {
    "int": _same,
    "int64": _same,
    "float": _same,
    "str": neutralised,
    "bool": lambda value: "true" if value else "false",
    "date": dt.date.isoformat,
    "datetime": _local_text,
}
_XLSX_CELLS = {
    **_CSV_CELLS,
    "str": _spreadsheet_text,
    "bool": _same,
    "date": _same,
    "datetime": _excel_time,
}


def _readme_sheet(book, layers, notes):
    sheet = book.create_sheet("README")
    for note in notes:
        sheet.append([note])
    sheet.append([_("Times are in WIB (UTC+7, Asia/Jakarta).")])
    for layer in layers:
        sheet.append([])
        sheet.append(
            [
                _("%(layer)s: %(rows)s rows")
                % {"layer": layer.name, "rows": layer.written}
            ]
        )
        sheet.append([*DICTIONARY_HEADER[1:]])
        for c in layer.columns:
            sheet.append(dictionary_row(c)[1:])
        if layer.geometry_type:
            label = _("geometry as WKT, EPSG:%(srid)s") % {"srid": layer.srid}
            sheet.append([GEOMETRY_COLUMN, label, "str"])
