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
