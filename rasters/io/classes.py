"""The classes file of a land-cover raster: a CSV with the columns
``value,label,idle`` (``idle`` is yes or no) and, optionally, ``colour``
(#rrggbb). Every row is checked before any is used."""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from spatial.io.errors import FeatureErrors, FileError

REQUIRED = ("value", "label", "idle")
YES = {"yes", "y", "ya", "true", "1"}
NO = {"no", "n", "tidak", "false", "0"}
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_BYTES = 1024 * 1024
# Distinct colours for classes that bring none (ColorBrewer Set3 and Dark2).
PALETTE = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#1b9e77", "#d95f02",
    "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
)  # fmt: skip


@dataclass(frozen=True)
class ClassRow:
    value: int
    label: str
    idle: bool
    colour: str


def read_classes(data: bytes, *, name):
    """The classes in ``data`` (the file's bytes), in the file's order."""
    if len(data) > MAX_BYTES:
        raise FileError(name, _("is larger than 1 MB; a classes file is a few rows"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileError(
            name,
            _("has no column %(missing)s; the columns are value,label,idle")
            % {"missing": ", ".join(missing)},
        )
    reader.fieldnames = header
    rows, problems, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        row, reason = _row(raw, seen, len(rows))
        if reason:
            problems.append({"row": number, "reason": reason})
        elif row:
            rows.append(row)
            seen.add(row.value)
    if problems:
        listed = "; ".join(_("row %(row)d: %(reason)s") % p for p in problems[:10])
        raise FeatureErrors(name, listed, details=problems)
    if not rows:
        raise FileError(name, _("lists no class"))
    return rows


def _row(raw, seen, index):
    cells = {k: (v or "").strip() for k, v in raw.items() if k}
    if not any(cells.values()):
        return None, None
    try:
        value = int(cells["value"])
    except ValueError:
        return None, _("value %(v)r is not a whole number") % {"v": cells["value"]}
    if value in seen:
        return None, _("value %(v)d is listed twice") % {"v": value}
    if not cells["label"]:
        return None, _("value %(v)d has no label") % {"v": value}
    idle = cells["idle"].lower()
    if idle not in YES | NO:
        return None, _("idle is %(v)r; write yes or no") % {"v": cells["idle"]}
    colour = cells.get("colour", "")
    if colour and not COLOUR.match(colour):
        return None, _("colour %(v)r is not #rrggbb") % {"v": colour}
    return (
        ClassRow(
            value=value,
            label=cells["label"][:80],
            idle=idle in YES,
            colour=colour.lower() or PALETTE[index % len(PALETTE)],
        ),
        None,
    )
