"""GPX 1.0/1.1 from handheld GPS units and phone apps: waypoints by default,
track or route points on request. GPX is WGS 84 by specification.

Why not GDAL's GPX driver through fiona (checked with Debian 12's GDAL 3.6):
- an uploaded file with an external entity (``<!DOCTYPE … SYSTEM
  "file:///etc/passwd">``) is read by GDAL without a word, the entity's text
  silently left out (``<name>&xxe;</name>`` comes out empty); an entity bomb
  stops with "File probably corrupted (million laugh pattern)". Here
  defusedxml refuses any entity declaration with a message that says so
  (safexml.py), and the user learns why the file was refused;
- the ``creator`` attribute of ``<gpx>``, which names the GPS unit ("Garmin
  eTrex 10"), is not exposed by OGR; here it is every point's device;
- extensions (a phone app's accuracy) come out of OGR only with
  GPX_USE_EXTENSIONS and prefixed by their namespace (``osmand_accuracy``), so
  the names surveyors' files use (``accuracy``) would not be recognised.
Everything else (waypoints, track and route points with their ``ele``,
``time``, ``name``, ``type``) GDAL reads alike."""

from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import FileError
from .safexml import elements, local_name
from .table import GEOMETRY, Table, with_sample

LAYERS = {"wpt": "waypoints", "trkpt": "track_points", "rtept": "route_points"}
ROW_LABELS = {
    "waypoints": "waypoint",
    "track_points": "track point",
    "route_points": "route point",
}
# What "has no …" calls each layer.
LAYER_NOUNS = {
    "waypoints": gettext_lazy("waypoints"),
    "track_points": gettext_lazy("track points"),
    "route_points": gettext_lazy("route points"),
}
# The point's own elements, in the order GPX 1.1 lists them.
FIELDS = (
    "name",
    "ele",
    "time",
    "desc",
    "cmt",
    "sym",
    "type",
    "src",
    "fix",
    "sat",
    "hdop",
    "vdop",
    "pdop",
)


@contextmanager
def open_gpx(path, *, layer=None):
    path = Path(path)
    name = path.name
    if layer is not None and layer not in ROW_LABELS:
        raise FileError(
            name,
            _("has no layer %(layer)s; GPX layers are %(layers)s")
            % {"layer": repr(layer), "layers": ", ".join(ROW_LABELS)},
        )
    creator, points = _points(path, name)
    counts = {kind: len(rows) for kind, rows in points.items()}
    chosen = layer or "waypoints"
    rows = points[chosen]
    if not rows:
        others = [f"{n} {k}" for k, n in counts.items() if n]
        hint = (
            _("; it has %(layers)s: choose that layer") % {"layers": ", ".join(others)}
            if others
            else ""
        )
        raise FileError(
            name,
            _("has no %(points)s%(hint)s")
            % {"points": LAYER_NOUNS[chosen], "hint": hint},
        )
    extra = sorted({key for row in rows for key in row} - {*FIELDS, GEOMETRY})
    columns = [f for f in FIELDS if any(f in row for row in rows)] + extra
    if creator:
        columns.append("creator")
    columns.append(GEOMETRY)
    cells = (
        (n, [row.get(c, creator if c == "creator" else None) for c in columns])
        for n, row in enumerate(rows, start=1)
    )
    sample, table_rows = with_sample(cells)
    yield Table(
        filename=name,
        format="gpx",
        columns=columns,
        rows=table_rows,
        sample=sample,
        row_label=ROW_LABELS[chosen],
        layer=chosen,
        layers=[k for k, n in counts.items() if n],
        total=len(rows),
    )


def _points(path, name):
    creator = ""
    points = {layer: [] for layer in ROW_LABELS}
    for event, element, stack in elements(path, name):
        tag = stack[-1]
        if event == "start":
            if len(stack) == 1:
                if tag != "gpx":
                    raise FileError(name, _("is not a GPX file"))
                creator = (element.get("creator") or "").strip()
            continue
        if tag in LAYERS:
            points[LAYERS[tag]].append(_point(element))
            element.clear()
    return creator, points


def _point(element):
    row = {
        GEOMETRY: {
            "type": "Point",
            "coordinates": (element.get("lon"), element.get("lat")),
        }
    }
    for child in element:
        tag = local_name(child.tag)
        if tag == "extensions":
            # Phone apps put accuracy and the like here, as plain leaves.
            for leaf in child.iter():
                if len(leaf) == 0 and leaf is not child:
                    row.setdefault(local_name(leaf.tag), (leaf.text or "").strip())
        elif tag == "link":
            row.setdefault("link", child.get("href", ""))
        elif len(child) == 0:
            row[tag] = (child.text or "").strip()
    return row
