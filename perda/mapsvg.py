"""The report's map, drawn by PostGIS as SVG paths (ST_AsSVG) in UTM 48S
metres: it needs no tiles, no network and no browser, so it prints the same
on paper, in the PDF and offline. ST_AsSVG writes y downwards (it negates
northings), as SVG expects."""

from django.db import connection

from .dashboard import LEVEL_COLOURS
from .indicators import SPOT_KINDS

PLOT_COLOURS = {
    "reported": "#e9c46a",
    "verified": "#f4a261",
    "planned": "#2a9d8f",
    "in_use": "#2b9348",
    "rejected": "#9e9e9e",
}
POINT_COLOURS = {
    "tps": "#1d3557",
    "tps3r": "#457b9d",
    "tpst": "#264653",
    "bank_sampah": "#2a9d8f",
    "composting": "#6a994e",
    "illegal_dumping": "#d62828",
    "open_burning": "#f77f00",
    "other": "#6c757d",
}
PUBLIC_PLOT_STATUSES = ("verified", "planned", "in_use")

MAP_SQL = """
WITH k AS (
    SELECT ST_Transform(geom, 32748) AS utm FROM spatial_kelurahan WHERE id = %(k)s
)
SELECT 'extent', NULL, ST_XMin(utm), ST_YMax(utm), ST_XMax(utm) - ST_XMin(utm),
       ST_YMax(utm) - ST_YMin(utm), ST_AsSVG(utm, 0, 1), NULL
FROM k
UNION ALL
SELECT 'rt', rt.id::text, ST_X(c), -ST_Y(c), rt.number, rw.number,
       ST_AsSVG(ST_Transform(rt.geom, 32748), 0, 1), NULL
FROM spatial_rt rt JOIN spatial_rw rw ON rw.id = rt.rw_id,
     LATERAL ST_Transform(ST_PointOnSurface(rt.geom), 32748) AS c
WHERE rw.kelurahan_id = %(k)s
UNION ALL
SELECT 'plot', p.status, NULL, NULL, NULL, NULL,
       ST_AsSVG(ST_Transform(p.geom, 32748), 0, 1), NULL
FROM landuse_idleplot p
WHERE p.kelurahan_id = %(k)s AND p.status <> 'rejected'
  AND (NOT %(public)s OR p.status IN %(public_statuses)s)
UNION ALL
SELECT 'point', w.kind, ST_X(u), -ST_Y(u), NULL, NULL, NULL, w.status
FROM waste_wastepoint w, LATERAL ST_Transform(w.geom, 32748) AS u
WHERE w.kelurahan_id = %(k)s
  AND w.status NOT IN ('inactive', 'cleared')
  AND (NOT %(public)s OR w.kind NOT IN %(spot_kinds)s)
"""


def kelurahan_map(kelurahan, levels, *, public):
    """Everything the report's SVG needs. ``levels`` maps RT id → level."""
    with connection.cursor() as cursor:
        cursor.execute(
            MAP_SQL,
            {
                "k": kelurahan.pk,
                "public": public,
                "public_statuses": PUBLIC_PLOT_STATUSES,
                "spot_kinds": SPOT_KINDS,
            },
        )
        rows = cursor.fetchall()
    drawing = {"rts": [], "plots": [], "points": []}
    for kind, key, x, y, a, b, svg, _status in rows:
        if kind == "extent":
            pad = 0.03 * max(a, b)
            drawing["viewbox"] = (
                f"{x - pad:.0f} {-y - pad:.0f} {a + 2 * pad:.0f} {b + 2 * pad:.0f}"
            )
            drawing["outline"] = svg
            drawing["scale"] = max(a, b)
        elif kind == "rt":
            level = levels.get(int(key), "no_data")
            drawing["rts"].append(
                {
                    "d": svg,
                    "fill": LEVEL_COLOURS[level],
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "label": f"{int(a)}/{int(b)}",
                }
            )
        elif kind == "plot":
            drawing["plots"].append({"d": svg, "fill": PLOT_COLOURS[key]})
        else:
            drawing["points"].append(
                {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "fill": POINT_COLOURS[key],
                    "kind": key,
                }
            )
    if "viewbox" not in drawing:
        return None
    size = drawing["scale"]
    drawing["font"] = round(size / 55, 1)
    drawing["stroke"] = round(size / 900, 2)
    drawing["radius"] = round(size / 140, 1)
    drawing["scalebar"] = _scalebar(drawing["viewbox"], size)
    return drawing


def _scalebar(viewbox, size):
    x, y, w, h = (float(v) for v in viewbox.split())
    for metres in (100, 200, 250, 500, 1000, 2000, 5000):
        if metres >= size / 6:
            break
    return {
        "x": x + w * 0.04,
        "y": y + h * 0.96,
        "length": metres,
        "label": f"{metres} m" if metres < 1000 else f"{metres // 1000} km",
    }
