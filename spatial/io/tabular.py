"""CSV and XLSX as surveyors hand them in: comma or semicolon separated, UTF-8
with or without a BOM or a Windows code page, Kobo's XLSX exports. Row numbers
are the spreadsheet's own: the header is row 1."""

import codecs
import csv
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.utils.translation import gettext as _

from .archives import check_archive
from .errors import BadEncoding, FileError, NotData
from .table import Table, unique_names, with_sample

# Excel writes ";" where the decimal mark is a comma (the Indonesian locale).
DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS = 64 * 1024
SNIFF_ROWS = 20


@contextmanager
def open_csv(path, *, encoding=None):
    path = Path(path)
    name = path.name
    if path.stat().st_size == 0:
        raise FileError(name, _("is empty"))
    if encoding:
        _check_encoding(name, encoding)
    encoding = encoding or _encoding(path)
    if not encoding.startswith("utf-16") and _has_nul(path):
        # PostgreSQL text cannot hold U+0000, and no text CSV carries one.
        raise FileError(
            name,
            _("holds NUL bytes, so it is not a text CSV; save it as UTF-8 CSV"),
        )
    try:
        with open(path, encoding=encoding, newline="") as f:
            head = f.read(SNIFF_CHARS)
            if not head.strip():
                raise FileError(name, _("is empty"))
            delimiter = _delimiter(head)
            f.seek(0)
            reader = enumerate(csv.reader(f, delimiter=delimiter), start=1)
            # Records keep their number in the file (blank lines before the
            # header included), as a spreadsheet shows them.
            header_at, header = next(
                ((n, cells) for n, cells in reader if "".join(cells).strip()), (0, [])
            )
            if len(header) < 2:
                raise FileError(
                    name,
                    _(
                        "has a single column; separate the columns with commas or "
                        "semicolons"
                    ),
                )
            columns = unique_names(header)
            sample, rows = with_sample(_rows(reader, len(columns)))
            notes = []
            if encoding == "cp1252":
                notes.append(_("read as Windows-1252 text (it is not UTF-8)"))
            yield Table(
                filename=name,
                format="csv",
                columns=columns,
                rows=rows,
                sample=sample,
                total=_estimated_rows(path, head),
                notes=notes,
                delimiter=delimiter,
                arrow_batches=lambda: _arrow_batches(
                    path, encoding, delimiter, columns, header_at
                ),
            )
    except UnicodeDecodeError as exc:
        raise BadEncoding(
            name,
            _(
                "text is not in %(encoding)s; choose the file's text encoding "
                "(e.g. cp850 or latin-1), or save it as UTF-8 CSV"
            )
            % {"encoding": encoding},
        ) from exc
    except (csv.Error, pa.ArrowInvalid) as exc:
        raise FileError(
            name, _("is not a readable CSV file (%(error)s)") % {"error": exc}
        ) from exc


def _has_nul(path):
    with open(path, "rb") as f:
        return any(b"\x00" in chunk for chunk in iter(lambda: f.read(1 << 20), b""))


def _check_encoding(name, encoding):
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not info._is_text_encoding:
        raise BadEncoding(
            name,
            _("%(encoding)s is not a text encoding; give one such as cp1252")
            % {"encoding": repr(encoding)},
        )


def _encoding(path):
    with open(path, "rb") as f:
        start = f.read(SNIFF_CHARS)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    if _looks_like_utf16(start):
        # Every other byte zero: UTF-16 without its byte-order mark, which no
        # guess reads right. (A stray NUL in an 8-bit file is refused by the
        # NUL check after this.)
        raise BadEncoding(
            path.name,
            _(
                "looks like UTF-16 text without a byte-order mark; choose its "
                "text encoding (utf-16-le), or save it as UTF-8 CSV"
            ),
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"  # what Excel on Windows writes as "CSV"
    return "utf-8"


def _looks_like_utf16(start):
    """Text in UTF-16 has a zero in every other byte of its ASCII letters."""
    if len(start) < 2:
        return False
    zeros = max(start[0::2].count(0), start[1::2].count(0))
    return zeros >= len(start) // 4


def _delimiter(head):
    """The delimiter that splits the first rows into the same number (more than
    one) of cells; with a decimal comma only ";" does."""
    lines = head.splitlines()
    if len(head) == SNIFF_CHARS:
        lines = lines[:-1]  # the last line may be cut off
    lines = lines[: SNIFF_ROWS + 1]
    best = None
    for priority, delimiter in enumerate(DELIMITERS):
        rows = [r for r in csv.reader(lines, delimiter=delimiter) if "".join(r)]
        if not rows:
            continue
        width = len(rows[0])
        even = all(len(r) == width for r in rows[1:])
        score = (width > 1 and even, width > 1, width, -priority)
        best = max(best or (score, delimiter), (score, delimiter))
    return best[1] if best else ","


def _arrow_batches(path, encoding, delimiter, columns, header_at):
    """The rows after the header as Batches of Arrow string arrays, read by
    pyarrow's C parser, numbered and cleaned as ``_rows`` does: a record that
    does not have the header's width goes through Python's csv module (padded,
    cut or left ragged), an empty one is skipped, numbers stay the file's."""
    from .plain import PYTHON_SPACE
    from .table import BATCH_ROWS, Batch

    width = len(columns)
    invalid = []

    def handler(row):
        invalid.append((row.number, row.text))
        return "skip"

    reader = pa_csv.open_csv(
        path,
        read_options=pa_csv.ReadOptions(
            use_threads=False,
            skip_rows=header_at,
            column_names=columns,
            block_size=1 << 21,
            # The BOM is in the header, which is skipped.
            encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        ),
        parse_options=pa_csv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=handler,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    number = header_at + 1
    for record in reader:
        taken = {n: text for n, text in invalid}
        invalid.clear()
        count = record.num_rows + len(taken)
        numbers = list(range(number, number + count))
        if taken:
            numbers = [n for n in numbers if n not in taken]
        number += count
        arrays = list(record.columns)
        blank = None
        for array in arrays:
            empty = pc.equal(pc.utf8_trim(array, PYTHON_SPACE), "")
            blank = empty if blank is None else pc.and_(blank, empty)
        if blank is not None and pc.any(blank).as_py():
            keep = pc.invert(blank)
            arrays = [pc.filter(a, keep) for a in arrays]
            numbers = [n for n, k in zip(numbers, keep.to_pylist(), strict=True) if k]
        extra = list(
            _rows(((n, _cells(t, delimiter)) for n, t in taken.items()), width)
        )
        ragged, originals = {}, {}
        if extra:
            for cells_number, cells in extra:
                position = len(numbers)
                numbers.append(cells_number)
                originals[position] = cells
                if len(cells) > width:
                    ragged[position] = len(cells)
            padded = [(cells + [""] * width)[:width] for _, cells in extra]
            arrays = [
                pa.concat_arrays([a, pa.array(list(c), pa.string())])
                for a, c in zip(arrays, zip(*padded, strict=True), strict=True)
            ]
        for start in range(0, len(numbers), BATCH_ROWS):
            end = start + BATCH_ROWS
            yield Batch(
                numbers[start:end],
                [a.slice(start, end - start) for a in arrays],
                {p - start: n for p, n in ragged.items() if start <= p < end},
                {p - start: c for p, c in originals.items() if start <= p < end},
            )


def _cells(text, delimiter):
    return next(csv.reader([text], delimiter=delimiter), [])


def _rows(reader, width):
    for number, cells in reader:
        if not cells or not (cells[0].strip() or "".join(cells).strip()):
            continue
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        elif len(cells) > width and not "".join(cells[width:]).strip():
            del cells[width:]
        yield number, cells


def _estimated_rows(path, head):
    lines = head.count("\n")
    if not lines or len(head) < SNIFF_CHARS:
        return max(lines - 1, 1)
    return int(path.stat().st_size / (len(head.encode()) / lines))


@contextmanager
def open_xlsx(path, *, sheet=None):
    """The first sheet (or ``sheet``) of a workbook. openpyxl parses the XML
    with defusedxml when it is installed, as it is here."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    name = path.name
    check_archive(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileError(
            name, _("cannot be read as an XLSX workbook (%(error)s)") % {"error": exc}
        ) from exc
    try:
        sheets = workbook.sheetnames
        _refuse_xlsform(name, workbook)
        if sheet is not None and sheet not in sheets:
            raise FileError(
                name,
                _("has no sheet %(sheet)s; it has %(sheets)s")
                % {"sheet": repr(sheet), "sheets": ", ".join(sheets)},
            )
        chosen = sheet or sheets[0]
        rows = enumerate(workbook[chosen].iter_rows(values_only=True), start=1)
        header_row, header = next(
            ((n, cells) for n, cells in rows if any(c is not None for c in cells)),
            (None, None),
        )
        if header is None:
            raise FileError(
                name, _("sheet %(sheet)s is empty") % {"sheet": repr(chosen)}
            )
        header = list(header)
        while header and header[-1] is None:
            header.pop()
        columns = unique_names(header)
        sample, table_rows = with_sample(_sheet_rows(rows, len(columns)))
        notes = []
        if len(sheets) > 1 and sheet is None:
            others = ", ".join(s for s in sheets if s != chosen)
            notes.append(
                _("read sheet %(sheet)s; the other sheets (%(others)s) were not")
                % {"sheet": repr(chosen), "others": others}
            )
        max_row = workbook[chosen].max_row
        yield Table(
            filename=name,
            format="xlsx",
            columns=columns,
            rows=table_rows,
            sample=sample,
            layer=chosen,
            layers=sheets,
            total=max_row - header_row if max_row else None,
            notes=notes,
        )
    finally:
        workbook.close()


def _refuse_xlsform(name, workbook):
    """An XLSForm (KoboToolbox, ODK) defines a form in sheets survey, choices
    and settings, with type and name columns; its answers are elsewhere."""
    sheets = {s.lower(): s for s in workbook.sheetnames}
    if "survey" not in sheets or not {"choices", "settings"} & set(sheets):
        return
    first = next(workbook[sheets["survey"]].iter_rows(values_only=True), ())
    header = {str(c).strip().lower() for c in first if c is not None}
    if {"type", "name"} <= header:
        raise NotData(
            name,
            _(
                "is an XLSForm, the definition of a form, not its answers; "
                "download the submitted data from KoboToolbox or ODK Central "
                "(as CSV or XLSX) and upload that"
            ),
        )


def _sheet_rows(rows, width):
    for number, cells in rows:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        cells = list(cells)
        if len(cells) < width:
            cells += [None] * (width - len(cells))
        elif len(cells) > width and all(c is None for c in cells[width:]):
            del cells[width:]
        yield number, cells
