"""The column-wise readers agree with the one parser of each value: a cell
spatial.io.plain lets through as it is is one its parser returns unchanged,
and a CSV read by pyarrow's C parser has the rows, numbers and cells Python's
csv module reads."""

import pyarrow as pa
import pytest

from households.survey_fields import kk_numbers
from spatial.io import plain, values
from spatial.io.table import row_batches
from spatial.io.tabular import open_csv
from surveys.rows import accuracy

CELLS = [
    "-5.1196806",
    "105.2715763",
    " 105.27",
    "105.27 ",
    "+3",
    "3.",
    ".5",
    "1e5",
    "1E-07",
    "1e400",
    "nan",
    "inf",
    "-0",
    "1,5",
    "1.234,5",
    "1_000",
    "",
    " ",
    "abc",
    "١٢٣",
    "\u00a0Budi",
    "Budi\u2003",
    "Budi\x1f",
    "Bu\tdi",
    "Bu\\di",
    "Sri Wahyuni",
    "1872051203040005",
    "0972051203040005",
    "1111111111111111",
    "187205120304000",
    "'1872051203040005",
    "1872051203040005 ",
    "N" * 121,
]


@pytest.mark.parametrize(
    ("parse", "plain_check", "as_text"),
    [
        (values.number, plain.numbers, lambda v: repr(v)),
        (accuracy, lambda c: plain.numbers(c, signed=False), lambda v: repr(v)),
        (
            lambda v: values.text(v, max_length=120),
            lambda c: plain.texts(c, max_length=120),
            str,
        ),
        (kk_numbers, kk_numbers.plain, lambda v: "{" + ",".join(v) + "}"),
    ],
)
def test_a_plain_cell_is_what_its_parser_makes_of_it(parse, plain_check, as_text):
    column = pa.array(CELLS, pa.string())
    passed = plain_check(column).to_pylist()
    assert any(passed) and not all(passed)
    for cell, through in zip(CELLS, passed, strict=True):
        if not through:
            continue
        parsed = parse(cell)
        if isinstance(parsed, float):
            assert float(cell) == parsed, cell
        else:
            copied = (
                cell
                if getattr(parse, "plain_copy", None) is None
                else (parse.plain_copy(pa.array([cell])).to_pylist()[0])
            )
            assert copied == as_text(parsed), cell


def python_rows(path, **options):
    with open_csv(path, **options) as table:
        return [
            (n, cells)
            for batch in row_batches(table.rows, len(table.columns))
            for n, cells in _rows_of(batch)
        ]


def arrow_rows(path, **options):
    with open_csv(path, **options) as table:
        return [
            (n, cells)
            for batch in table.arrow_batches()
            for n, cells in _rows_of(batch)
        ]


def _rows_of(batch):
    columns = [batch.python(i) for i in range(len(batch.columns))]
    rows = list(zip(batch.numbers, zip(*columns, strict=True), strict=True))
    joined = batch.joined_cells()
    return [
        (n, (list(cells), joined[i], batch.ragged.get(i)))
        for i, (n, cells) in enumerate(rows)
    ]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("nama,lat,lon\nA,1,2\nB,3,4\n", "utf-8"),
        ("\ufeffnama;lat;lon\r\nA;1,5;2\r\n", "utf-8"),
        ("\n\nnama,lat,lon\n\nA,1,2\n , ,\nB,3\nC,4,5,,\nD,6,7,8\n", "utf-8"),
        ('nama,lat,lon\n"Sri\nWahyuni",1,2\nE,"3,5",4\nF,x"y,5\n', "utf-8"),
        ("nama,lat,lon\nSé,1,2\nÑo,3,4\n", "cp1252"),
        ("nama\tlat\tlon\nA\t1\t2\n", "utf-8"),
    ],
)
def test_pyarrow_reads_a_csv_as_python_s_csv_module_does(tmp_path, content, encoding):
    path = tmp_path / "f.csv"
    path.write_bytes(content.encode(encoding))
    assert arrow_rows(path) == python_rows(path)
    assert python_rows(path)
