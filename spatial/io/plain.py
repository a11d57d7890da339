"""Telling, for a whole column at once (an Arrow array of strings), which
cells are plain: written so that the one parser of their field (values.py)
would return them unchanged. Those go to PostgreSQL as they are; every other
cell still goes through that parser. Nothing here decides what a value means:
it only spares the parser the cells it would pass through, 100,000 at a time.
tests/spatial/io/test_plain.py holds each test to its parser."""

import pyarrow as pa
import pyarrow.compute as pc

# What str.strip() strips: every character whose isspace() is true.
PYTHON_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# A decimal number as float() reads it and PostgreSQL's float8 too; the
# exponent is kept short, so nothing overflows to infinity.
PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$"
PLAIN_UNSIGNED = r"^\+?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$"
# Backslash, tab and line breaks need COPY's escapes; NUL cannot be copied.
COPY_SPECIAL = r"[\\\t\n\r\x00]"


def is_text(column):
    return isinstance(column, pa.Array) and pa.types.is_string(column.type)


def _strict(mask):
    return pc.fill_null(mask, False)


def numbers(column, *, signed=True):
    """Cells that are a finite decimal number with nothing around it."""
    pattern = PLAIN_NUMBER if signed else PLAIN_UNSIGNED
    return _strict(pc.match_substring_regex(column, pattern))


def texts(column, *, max_length):
    """Cells of text that strip() leaves alone, no longer than
    ``max_length`` characters and with nothing COPY must escape."""
    unchanged = pc.equal(pc.utf8_trim(column, PYTHON_SPACE), column)
    short = pc.less_equal(pc.utf8_length(column), max_length)
    filled = pc.greater(pc.utf8_length(column), 0)
    plain = pc.invert(pc.match_substring_regex(column, COPY_SPECIAL))
    return _strict(pc.and_(pc.and_(unchanged, short), pc.and_(filled, plain)))


def matching(column, pattern, *, excluded=()):
    found = pc.match_substring_regex(column, pattern)
    if excluded:
        found = pc.and_(found, pc.invert(pc.is_in(column, pa.array(excluded))))
    return _strict(found)
