"""Opening any survey file of points as a table (see table.py): CSV, XLSX, GPX,
KML/KMZ, GeoJSON, GeoPackage, a zipped shapefile. Paths are checked first: no
GDAL virtual or network paths, no symlinks, nothing empty."""

from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from fiona.transform import transform

from .errors import FileError
from .gpx import open_gpx
from .kml import open_kml
from .readers import check_local_path, streamed_vector
from .table import GEOMETRY, Table, unique_names, with_sample
from .tabular import open_csv, open_xlsx

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".gpx": "gpx",
    ".kml": "kml",
    ".kmz": "kml",
    ".geojson": "vector",
    ".json": "vector",
    ".gpkg": "vector",
    ".shp": "vector",
    ".zip": "vector",
}
# Translated where it is shown: _(SUPPORTED).
SUPPORTED = gettext_noop(
    "CSV, XLSX, GPX, KML, KMZ, GeoJSON, GeoPackage or a zipped shapefile"
)
POINT_TYPES = {"Point", "3D Point", "MultiPoint", "3D MultiPoint", "Unknown", "None"}
WGS84 = 4326


def check_survey_name(name, size):
    """The one check of a survey file's type and size, for the page (before
    the upload is stored) and the command alike: FileError unless ``name``
    has a supported type and ``size`` (bytes) is not zero."""
    name = Path(name).name
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise FileError(name, _("old Excel .xls files cannot be read; save as .xlsx"))
    if suffix not in FORMATS:
        raise FileError(
            name,
            _("unsupported file type %(type)s; use %(supported)s")
            % {"type": suffix or _("(no extension)"), "supported": _(SUPPORTED)},
        )
    if size == 0:
        raise FileError(name, _("is empty"))


def check_survey_file(path):
    """The local, regular, non-empty file of a supported type, or FileError."""
    path = check_local_path(path)
    check_survey_name(path.name, path.stat().st_size)
    return path


@contextmanager
def open_survey_file(path, *, layer=None, srid=None, encoding=None):
    """The table of ``path``. ``layer`` picks a GeoPackage layer, a sheet or a
    GPX layer (track_points); ``srid`` gives the CRS of CSV/XLSX coordinates or
    of a shapefile without .prj."""
    path = check_survey_file(path)
    kind = FORMATS[path.suffix.lower()]
    if kind == "csv":
        with open_csv(path, encoding=encoding) as table:
            yield _with_srid(table, srid)
    elif kind == "xlsx":
        with open_xlsx(path, sheet=layer) as table:
            yield _with_srid(table, srid)
    elif kind == "gpx":
        with open_gpx(path, layer=layer) as table:
            yield table
    elif kind == "kml":
        with open_kml(path) as table:
            yield table
    else:
        _check_shapefile_parts(path)
        with streamed_vector(
            path,
            layer=layer,
            srid=srid,
            encoding=encoding,
            geometry_types=POINT_TYPES,
        ) as data:
            yield _vector_table(path, data)


def _with_srid(table, srid):
    if srid:
        table.srid = srid
    return table


def _check_shapefile_parts(path):
    if path.suffix.lower() != ".shp":
        return
    missing = [s for s in (".shx", ".dbf") if not path.with_suffix(s).exists()]
    if missing:
        raise FileError(
            path.name,
            _("a shapefile needs its %(parts)s; upload them together as one .zip")
            % {"parts": _(" and ").join(missing)},
        )


def _vector_table(path, data):
    names = list(data.fields)
    notes = []
    if data.geometry_type == "None":
        # A table (a GeoPackage's attribute table, a DBF): its coordinates, if
        # any, are in columns, read as in a CSV.
        columns = unique_names(names)
        rows = ((f.row, [f.properties.get(n) for n in names]) for f in data.features)
        notes.append(_("the layer has no geometry; coordinates come from columns"))
    else:
        columns = [*unique_names(names), GEOMETRY]
        rows = (
            (f.row, [f.properties.get(n) for n in names] + [f.geometry])
            for f in data.features
        )
    sample, table_rows = with_sample(rows)
    if data.measured:
        notes.append(_("the points carry measures (M values); they are not kept"))
    if len(data.layers) > 1:
        notes.append(
            _("read layer %(layer)s of %(layers)s")
            % {"layer": repr(data.layer), "layers": ", ".join(data.layers)}
        )
    return Table(
        filename=data.filename,
        format=path.suffix.lower().lstrip("."),
        columns=columns,
        rows=table_rows,
        sample=sample,
        srid=data.srid,
        row_label="feature",
        layer=data.layer,
        layers=data.layers,
        total=data.total,
        notes=notes,
    )


def to_wgs84(srid, xs, ys):
    """Longitudes and latitudes of points given in EPSG:``srid`` (or in the
    CRS a checked WKT ``srid`` describes); a point PROJ cannot transform comes
    back as infinity."""
    if srid == WGS84:
        return xs, ys
    source = srid if isinstance(srid, str) else f"EPSG:{srid}"
    return transform(source, f"EPSG:{WGS84}", xs, ys)
