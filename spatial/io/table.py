"""Every survey file, whatever its format, read as a table: named columns and
numbered rows of cells. A vector feature's own geometry is one more column."""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

# The column that holds a feature's own geometry (GeoJSON, GPX, KML, shapefile,
# GeoPackage); its cells are GeoJSON-like dicts.
GEOMETRY = "(geometry)"
SAMPLE_ROWS = 50
# What one record of a table is called in messages, by ``Table.row_label``
# (which stays English: it is stored in the import report).
ROW_NOUNS = {
    "row": gettext_lazy("row"),
    "feature": gettext_lazy("feature"),
    "waypoint": gettext_lazy("waypoint"),
    "track point": gettext_lazy("track point"),
    "route point": gettext_lazy("route point"),
    "placemark": gettext_lazy("placemark"),
}


def row_noun(label):
    """``label`` (a ``Table.row_label``) in the active language."""
    return str(ROW_NOUNS.get(label, label))


BATCH_ROWS = 10_000


@dataclass
class Batch:
    """Rows of a table column by column: ``columns[i]`` is a list of cells or,
    from a CSV, an Arrow array of strings. ``ragged`` maps the position of a
    row with more cells than the header to its count of cells; ``originals``
    the cells of rows whose columns were padded or cut to the header."""

    numbers: list
    columns: list
    ragged: dict = field(default_factory=dict)
    originals: dict = field(default_factory=dict)

    def python(self, index):
        """Column ``index`` as a list of cells."""
        column = self.columns[index]
        if not isinstance(column, list):
            column = self.columns[index] = column.to_pylist()
        return column

    def joined_cells(self):
        """Each row's cells as one text, as the record key hashes them."""
        if all(isinstance(c, list) for c in self.columns):
            joined = [
                "\x1f".join(map(str, row)) for row in zip(*self.columns, strict=True)
            ]
        else:
            import pyarrow.compute as pc

            arrays = [
                c if not isinstance(c, list) else _as_text(c) for c in self.columns
            ]
            joined = pc.binary_join_element_wise(*arrays, "\x1f").to_pylist()
        for i, cells in self.originals.items():
            joined[i] = "\x1f".join(map(str, cells))
        return joined


def _as_text(cells):
    import pyarrow as pa

    return pa.array([str(c) for c in cells], pa.string())


def row_batches(rows, width):
    """Batches of (number, cells) rows; a row longer than ``width`` is
    ragged, its columns cut to the header."""
    numbers, lines, ragged, originals = [], [], {}, {}
    for number, cells in rows:
        if len(cells) > width:
            ragged[len(lines)] = len(cells)
            originals[len(lines)] = cells
            cells = cells[:width]
        numbers.append(number)
        lines.append(cells)
        if len(lines) == BATCH_ROWS:
            yield Batch(
                numbers, [list(c) for c in zip(*lines, strict=True)], ragged, originals
            )
            numbers, lines, ragged, originals = [], [], {}, {}
    if lines:
        yield Batch(
            numbers, [list(c) for c in zip(*lines, strict=True)], ragged, originals
        )


@dataclass
class Table:
    filename: str
    format: str
    columns: list
    rows: Iterator
    sample: list = field(default_factory=list)
    srid: int = 4326
    row_label: str = "row"
    layer: str | None = None
    layers: list = field(default_factory=list)
    total: int | None = None
    notes: list = field(default_factory=list)
    delimiter: str | None = None
    # A faster reader of the same rows as Batches (a CSV's, through Arrow);
    # None: batches of ``rows``.
    arrow_batches: object = None

    def batches(self):
        """Every row, a batch at a time (see Batch)."""
        if self.arrow_batches is not None:
            return self.arrow_batches()
        return row_batches(self.rows, len(self.columns))


def with_sample(rows):
    """The first rows (to sniff column contents) and every row, those included."""
    rows = iter(rows)
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    return sample, itertools.chain(sample, rows)


def unique_names(names):
    """Header cells as usable column names: blanks named by position, repeats
    numbered, so every column can be mapped on its own."""
    seen, out = {}, []
    for i, raw in enumerate(names, start=1):
        name = str(raw).strip() if raw is not None else ""
        name = name or f"column_{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        seen.setdefault(name, 1)
        out.append(name)
    return out
