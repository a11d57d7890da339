"""Writing layers to the files planners open in QGIS, ArcGIS, Google Earth and
spreadsheets, with one function for every format: ``write_layers``."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from . import ogr
from .schema import Column, Layer, check_shapefile_names
from .shapefile import write_zipped_shapefile
from .tables import (
    GEOMETRY_COLUMN,
    XLSX_MAX_DATA_ROWS,
    neutralised,
    write_csv,
    write_xlsx,
)


def _write_ogr(path, layers, *, about=(), **options):
    ogr.write_layers(path, layers, **options)


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    content_type: str
    write: Callable
    several_layers: bool = False
    max_rows: int | None = None
    tabular: bool = False
    fixed_width: bool = False
    wgs84_only: bool = False


FORMATS = {
    f.name: f
    for f in (
        Format(
            "shp",
            ".zip",
            "application/zip",
            write_zipped_shapefile,
            fixed_width=True,
        ),
        Format(
            "gpkg",
            ".gpkg",
            "application/geopackage+sqlite3",
            # 1.2 opens in every QGIS and ArcGIS in use; GDAL 3.6 warns on 1.4.
            partial(_write_ogr, driver="GPKG", dataset_options={"VERSION": "1.2"}),
            several_layers=True,
        ),
        Format(
            "geojson",
            ".geojson",
            "application/geo+json",
            partial(_write_ogr, driver="GeoJSON", layer_options={"WRITE_BBOX": "NO"}),
        ),
        Format("csv", ".csv", "text/csv", write_csv, tabular=True),
        Format(
            "kml",
            ".kml",
            "application/vnd.google-earth.kml+xml",
            partial(_write_ogr, driver="KML", dataset_options={"NameField": "name"}),
            wgs84_only=True,
        ),
        Format(
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            write_xlsx,
            max_rows=XLSX_MAX_DATA_ROWS,
            tabular=True,
        ),
    )
}


def write_layers(path, layers, *, format, about=()):
    """Write ``layers`` to ``path`` as ``format`` (a key of FORMATS) and return
    how many rows each held. ``about`` lines describe the export in the files
    that carry a README."""
    fmt = FORMATS[format]
    if len(layers) > 1 and not fmt.several_layers:
        raise ValueError(f"{format} holds one layer, not {len(layers)}")
    fmt.write(path, layers, about=about)
    return {layer.name: layer.written for layer in layers}


__all__ = [
    "FORMATS",
    "GEOMETRY_COLUMN",
    "Column",
    "Format",
    "Layer",
    "check_shapefile_names",
    "neutralised",
    "write_layers",
]
