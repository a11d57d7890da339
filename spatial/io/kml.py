"""KML and KMZ from Google Earth: placemarks at any depth of nested folders,
with their folder path, name, description, time and ExtendedData. KML is WGS 84
by specification; an altitude counts only when the point says it is absolute
(Google Earth writes 0 for points clamped to the ground).

Why not GDAL's LIBKML (or KML) driver through fiona (checked with Debian 12's
GDAL 3.6):
- each Folder becomes a layer of its own, named by its own name only: the
  placemarks of "Kelurahan Rejomulyo / RW 001" arrive as layer "RW 001"
  beside an empty "Kelurahan Rejomulyo", so one upload would be several
  layers to choose from and the folder path, which tells a lurah where a
  point belongs, is lost;
- a KMZ is opened by GDAL through /vsizip/, past the zip-bomb, zip-slip and
  symlink checks archives.py makes before anything is unpacked;
- an entity declaration stops LIBKML with "parsing aborted on line 2"; here
  defusedxml refuses it with a message that says why (safexml.py).
The placemarks' names, ExtendedData and altitudeMode GDAL reads alike."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _

from .archives import safe_extract
from .errors import FileError
from .safexml import child_text, elements, local_name
from .table import GEOMETRY, Table, with_sample

GEOMETRY_TAGS = {
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiGeometry",
    "Track",
    "MultiTrack",
    "Model",
}
FIXED_COLUMNS = ("name", "description", "time", "folder")


@contextmanager
def open_kml(path):
    path = Path(path)
    if path.suffix.lower() != ".kmz":
        yield _table(path, path.name)
        return
    with tempfile.TemporaryDirectory(prefix="wakuncar-") as tmp:
        files = safe_extract(path, tmp)
        kml = sorted(
            (f for f in files if f.suffix.lower() == ".kml"),
            key=lambda f: (len(f.relative_to(tmp).parts), f.name != "doc.kml", f.name),
        )
        if not kml:
            raise FileError(path.name, _("the KMZ holds no .kml file"))
        yield _table(kml[0], path.name)


def _table(path, name):
    rows = _placemarks(path, name)
    if not rows:
        raise FileError(name, _("holds no placemarks"))
    extra = sorted({k for row in rows for k in row} - {*FIXED_COLUMNS, GEOMETRY})
    fixed = [c for c in FIXED_COLUMNS if any(row.get(c) for row in rows)]
    columns = [*fixed, *extra, GEOMETRY]
    cells = ((n, [row.get(c) for c in columns]) for n, row in enumerate(rows, 1))
    sample, table_rows = with_sample(cells)
    return Table(
        filename=name,
        format="kml",
        columns=columns,
        rows=table_rows,
        sample=sample,
        row_label="placemark",
        total=len(rows),
    )


def _placemarks(path, name):
    rows, folders = [], []
    seen_root = False
    for event, element, stack in elements(path, name):
        tag = stack[-1]
        if not seen_root:
            if tag != "kml":
                raise FileError(name, _("is not a KML file"))
            seen_root = True
        if event == "start":
            if tag == "Folder":
                folders.append("")
            continue
        if tag == "name" and len(stack) > 1 and stack[-2] == "Folder" and folders:
            folders[-1] = (element.text or "").strip()
        elif tag == "Folder":
            folders.pop()
        elif tag == "Placemark":
            rows.append(_placemark(element, folders))
            element.clear()
    return rows


def _placemark(element, folders):
    row = {
        "name": child_text(element, "name"),
        "description": child_text(element, "description"),
        "folder": " / ".join(f for f in folders if f) or None,
        GEOMETRY: None,
    }
    for node in element.iter():
        tag = local_name(node.tag)
        if tag in ("when", "begin") and not row.get("time"):
            row["time"] = (node.text or "").strip()
        elif tag == "Data" and node.get("name"):
            row.setdefault(node.get("name"), child_text(node, "value"))
        elif tag == "SimpleData" and node.get("name"):
            row.setdefault(node.get("name"), (node.text or "").strip())
        elif tag in GEOMETRY_TAGS and row[GEOMETRY] is None:
            row[GEOMETRY] = _geometry(node, tag)
    return row


def _geometry(node, tag):
    if tag == "MultiGeometry":
        parts = [g for g in node if local_name(g.tag) in GEOMETRY_TAGS]
        if {local_name(g.tag) for g in parts} != {"Point"}:
            return {"type": "GeometryCollection"}
        if len(parts) > 1:
            return {"type": "MultiPoint", "coordinates": [None] * len(parts)}
        node, tag = parts[0], "Point"
    if tag != "Point":
        return {"type": tag}
    tuples = (child_text(node, "coordinates") or "").split()
    parts = tuples[0].split(",") if tuples else []
    if child_text(node, "altitudeMode") != "absolute":
        parts = parts[:2]
    return {"type": "Point", "coordinates": tuple(parts)}
