"""Reading vector files of any OGR format into plain features, after checking the
path is safe and the CRS is known. The only reader the importers use."""

import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import fiona
from django.utils.translation import gettext as _
from fiona.errors import DriverError, FionaError

from .archives import safe_extract
from .crs import resolve_crs, resolve_srid
from .errors import FileError, NotPoints, UnknownCRS, UnsafeFile

VECTOR_SUFFIXES = {
    ".shp",
    ".gpkg",
    ".geojson",
    ".json",
    ".kml",
    ".gml",
    ".fgb",
    ".gpx",
}
ARCHIVE_SUFFIXES = {".zip", ".kmz"}
GDAL_VIRTUAL = re.compile(r"^/vsi|://|^\w+:", re.IGNORECASE)
# GDAL must not wander off the file it was given: no network, no sidecar hunts.
SAFE_GDAL_ENV = {
    "GDAL_HTTP_TIMEOUT": "1",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".none",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "OGR_GEOJSON_MAX_OBJ_SIZE": "200",
}


@dataclass
class Feature:
    row: int
    geometry: dict | None
    properties: dict


@dataclass
class VectorLayer:
    filename: str
    layer: str
    srid: int
    geometry_type: str
    fields: dict
    features: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def check_local_path(path):
    text = str(path)
    p = Path(text)
    if GDAL_VIRTUAL.match(text):
        raise UnsafeFile(p.name, _("GDAL virtual and network paths are refused"))
    if p.is_symlink() or not p.is_file():
        raise FileError(p.name, _("is not a regular local file"))
    if p.suffix.lower() == ".vrt":
        raise UnsafeFile(p.name, _("GDAL virtual files (VRT) are refused"))
    return p


@contextmanager
def opened_dataset(path):
    """The path of the dataset to open: the file itself or the one vector file
    inside a zip, unpacked to a temporary folder."""
    p = check_local_path(path)
    if p.suffix.lower() not in ARCHIVE_SUFFIXES:
        yield p
        return
    with tempfile.TemporaryDirectory(prefix="wakuncar-") as tmp:
        files = safe_extract(p, tmp)
        candidates = [f for f in files if f.suffix.lower() in VECTOR_SUFFIXES]
        if p.suffix.lower() == ".kmz":
            candidates = [f for f in candidates if f.suffix.lower() == ".kml"]
        if not candidates:
            raise FileError(p.name, _("the archive holds no .shp, .gpkg or .geojson"))
        if len(candidates) > 1:
            names = ", ".join(sorted(f.name for f in candidates))
            raise FileError(
                p.name,
                _("the archive holds several datasets: %(names)s") % {"names": names},
            )
        if candidates[0].suffix.lower() == ".shp":
            check_shapefile_parts(p.name, candidates[0])
        yield candidates[0]


def check_shapefile_parts(name, shp):
    """A shapefile is read from its .shp with the .shx (the index) and the .dbf
    (the attributes) beside it: each one missing is named."""
    present = {f.name.lower() for f in shp.parent.iterdir()}
    missing = [
        shp.stem + suffix
        for suffix in (".shx", ".dbf")
        if (shp.stem + suffix).lower() not in present
    ]
    if missing:
        raise FileError(
            name,
            _(
                "the shapefile %(shp)s has no %(parts)s; zip it together with its "
                ".shx, .dbf and .prj"
            )
            % {"shp": shp.name, "parts": _(" and ").join(missing)},
        )


def read_vector(path, *, layer=None, srid=None, encoding=None):
    """Every feature of one layer of ``path``. ``srid`` overrides or supplies the
    CRS; ``encoding`` the DBF text encoding."""
    name = Path(path).name
    with opened_dataset(path) as dataset, fiona.Env(**SAFE_GDAL_ENV):
        layer_name = _choose_layer(name, dataset, layer)
        options = {"encoding": encoding or _dbf_encoding(dataset)}
        try:
            with fiona.open(dataset, layer=layer_name, **options) as src:
                out = VectorLayer(
                    filename=name,
                    layer=layer_name,
                    srid=srid or _declared_srid(name, dataset, src),
                    geometry_type=src.schema.get("geometry") or "None",
                    fields=dict(src.schema["properties"]),
                )
                for row, feat in enumerate(src, start=1):
                    geometry = feat.geometry
                    out.features.append(
                        Feature(
                            row=row,
                            geometry=dict(geometry) if geometry else None,
                            properties=dict(feat.properties),
                        )
                    )
        except (DriverError, FionaError) as exc:
            raise FileError(
                name, _("cannot be read as a GIS file (%(error)s)") % {"error": exc}
            ) from exc
        except UnicodeDecodeError as exc:
            raise FileError(
                name,
                _("text is not in %(encoding)s; give the encoding")
                % {"encoding": options["encoding"]},
            ) from exc
    if not out.features:
        raise FileError(
            name,
            _("layer %(layer)s has no features") % {"layer": repr(layer_name)},
        )
    return out


def _choose_layer(name, dataset, wanted):
    try:
        layers = fiona.listlayers(dataset)
    except (DriverError, FionaError) as exc:
        raise FileError(name, _("cannot be opened as a GIS file")) from exc
    if wanted:
        if wanted not in layers:
            raise FileError(
                name,
                _("has no layer %(layer)s; it has %(layers)s")
                % {"layer": repr(wanted), "layers": ", ".join(layers)},
            )
        return wanted
    if len(layers) > 1:
        raise FileError(
            name,
            _("holds %(n)d layers (%(names)s); choose one")
            % {"n": len(layers), "names": ", ".join(layers)},
            details=[{"layer": layer} for layer in layers],
        )
    return layers[0]


def _declared_srid(name, dataset, src, *, resolve=resolve_srid):
    if dataset.suffix.lower() == ".shp":
        prj = dataset.with_suffix(".prj")
        if not prj.exists():
            prj = next(iter(dataset.parent.glob(dataset.stem + ".[pP][rR][jJ]")), None)
        if prj is None:
            raise UnknownCRS(
                name,
                _(
                    "the shapefile has no .prj, so its coordinate system is "
                    "unknown; give its EPSG code (e.g. 32748 for UTM 48S)"
                ),
            )
        return resolve(prj.read_text(errors="replace"), source=name)
    if dataset.suffix.lower() in {".kml", ".gpx"}:
        return 4326  # both formats are WGS 84 by specification
    if not src.crs:
        raise UnknownCRS(name, _("declares no coordinate system; give its EPSG code"))
    return resolve(src.crs.to_wkt(), source=name)


def _dbf_encoding(dataset):
    """Shapefiles from government offices often carry a Windows code page and no
    .cpg. Without a .cpg, DBF text that decodes as UTF-8 is UTF-8; anything else
    is taken as cp1252."""
    if dataset.suffix.lower() != ".shp":
        return None
    cpg = dataset.with_suffix(".cpg")
    if cpg.exists():
        return cpg.read_text().strip() or None
    dbf = dataset.with_suffix(".dbf")
    if not dbf.exists():
        return None
    try:
        dbf.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


@dataclass
class VectorStream:
    """One layer of a vector file read feature by feature: ``features`` is an
    iterator, so a large file is never held in memory at once."""

    filename: str
    layer: str
    layers: list
    srid: int
    geometry_type: str
    fields: dict
    total: int | None
    features: object
    measured: bool = False


@contextmanager
def streamed_vector(path, *, layer=None, srid=None, encoding=None, geometry_types=None):
    """Like ``read_vector`` but streaming; a file of several layers needs
    ``layer`` (LayerChoice lists them otherwise). A layer whose geometry type
    is not one of ``geometry_types`` is refused before anything is asked
    about its CRS; a table without geometry needs none (its ``srid`` is
    ``srid``, or WGS 84 for coordinates in its columns). Its CRS may be WKT
    without an EPSG code: ``srid`` is then that WKT."""
    from .errors import LayerChoice

    name = Path(path).name
    with opened_dataset(path) as dataset, fiona.Env(**SAFE_GDAL_ENV):
        try:
            layers = fiona.listlayers(dataset)
        except (DriverError, FionaError) as exc:
            raise FileError(name, _("cannot be opened as a GIS file")) from exc
        if layer is None and len(layers) > 1:
            raise LayerChoice(name, layers)
        chosen = _choose_layer(name, dataset, layer)
        options = {"encoding": encoding or _dbf_encoding(dataset)}
        try:
            with fiona.open(dataset, layer=chosen, **options) as src:
                geometry_type = src.schema.get("geometry") or "None"
                if geometry_types and geometry_type not in geometry_types:
                    raise NotPoints(
                        name,
                        _("holds %(type)s features; survey points must be points")
                        % {"type": geometry_type},
                    )
                if geometry_type == "None":
                    found_srid = srid or 4326
                else:
                    found_srid = srid or _declared_srid(
                        name, dataset, src, resolve=resolve_crs
                    )
                yield VectorStream(
                    filename=name,
                    layer=chosen,
                    layers=layers,
                    srid=found_srid,
                    geometry_type=geometry_type,
                    fields=dict(src.schema["properties"]),
                    total=len(src),
                    features=_features(name, src, options["encoding"]),
                    measured=_has_measures(dataset, chosen),
                )
        except (DriverError, FionaError) as exc:
            raise FileError(
                name, _("cannot be read as a GIS file (%(error)s)") % {"error": exc}
            ) from exc


def _features(name, src, encoding):
    try:
        for row, feat in enumerate(src, start=1):
            geometry = feat.geometry
            yield Feature(
                row=row,
                geometry=dict(geometry) if geometry else None,
                properties=dict(feat.properties),
            )
    except UnicodeDecodeError as exc:
        raise FileError(
            name,
            _("text is not in %(encoding)s; give the encoding")
            % {"encoding": encoding},
        ) from exc


# Shapefile shape types that carry measures: PointM, PolyLineM, PolygonM,
# MultiPointM. fiona drops M values silently, so the header is read instead.
SHAPEFILE_MEASURED_TYPES = {21, 23, 25, 28}


def _has_measures(dataset, layer):
    suffix = dataset.suffix.lower()
    if suffix == ".shp":
        with open(dataset, "rb") as shp:
            header = shp.read(36)
        return (
            len(header) == 36
            and int.from_bytes(header[32:36], "little") in SHAPEFILE_MEASURED_TYPES
        )
    if suffix == ".gpkg":
        import sqlite3
        from contextlib import closing

        uri = f"{dataset.resolve().as_uri()}?mode=ro"
        try:
            with closing(sqlite3.connect(uri, uri=True)) as db:
                found = db.execute(
                    "SELECT m FROM gpkg_geometry_columns WHERE table_name = ?",
                    (layer,),
                ).fetchone()
        except sqlite3.Error:
            return False
        return bool(found and found[0])
    return False
