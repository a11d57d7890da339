"""What a raster file is, read from its header, and every check that needs no
database: the kind of file, its size against what it declares, bands, data
type and coordinate system. Each failure is a FileError naming the
reason."""

import math
import re
from dataclasses import dataclass

import numpy as np
import rasterio
import rasterio.warp
import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from rasterio._err import CPLE_BaseError
from rasterio.errors import RasterioError
from shapely.geometry import box, mapping, shape

from spatial.io.errors import FileError, UnknownCRS, UnsafeFile

from .gdal import gdal_env, open_geotiff

ORTHOPHOTO, LANDCOVER, NDVI = "orthophoto", "landcover", "ndvi"
KINDS = (ORTHOPHOTO, LANDCOVER, NDVI)
TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
# What an upload that is no TIFF usually turns out to be.
OTHER_MAGIC = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"BM": "BMP",
}
ARCHIVE_MAGIC = {b"PK\x03\x04": "ZIP", b"\x1f\x8b": "gzip", b"7z\xbc\xaf": "7-Zip"}
# A compressed raster this many times smaller than what it declares holds
# (almost) nothing: refused before anything decompresses it.
BOMB_RATIO = 1000
BOMB_MIN_BYTES = 256 * 1024**2
MIN_SIDE = 2
DTYPES = {
    ORTHOPHOTO: ("uint8", "uint16"),
    LANDCOVER: ("uint8", "int8", "uint16", "int16", "uint32", "int32"),
    NDVI: ("float32", "float64"),
}
BANDS = {ORTHOPHOTO: (3, 4), LANDCOVER: (1,), NDVI: (1,)}
WKT_NAME = re.compile(r'^\s*\w+\["([^"]*)"')


@dataclass(frozen=True)
class RasterFacts:
    width: int
    height: int
    bands: int
    dtype: str
    nodata: float | None
    crs_wkt: str
    crs_label: str
    footprint: shapely.Polygon  # WGS 84 lon/lat, densified edges
    area_m2: float  # of the footprint, in UTM 48S
    resolution_m: float

    @property
    def pixels(self):
        return self.width * self.height


def raster_facts(path, *, name, kind):
    """The facts of the GeoTIFF at ``path`` (``name`` is what the user called
    it), once every header check for ``kind`` has passed."""
    _check_file_type(path, name)
    try:
        with gdal_env(), open_geotiff(path) as src:
            _check_declared_size(src, name, path)
            _check_shape(src, name)
            _check_bands(src, name, kind)
            crs_label = _check_crs(src, name)
            footprint = _footprint(src, "EPSG:4326", name)
            utm = _footprint(src, "EPSG:32748", name)
            return RasterFacts(
                width=src.width,
                height=src.height,
                bands=src.count,
                dtype=src.dtypes[0],
                nodata=src.nodata,
                crs_wkt=src.crs.to_wkt(),
                crs_label=crs_label,
                footprint=footprint,
                area_m2=utm.area,
                resolution_m=math.sqrt(utm.area / (src.width * src.height)),
            )
    except (RasterioError, CPLE_BaseError) as exc:
        raise FileError(name, unreadable_reason(exc)) from exc


def unreadable_reason(exc):
    text = str(exc)
    if "SamplesPerPixel" in text and "Bad value 0" in text:
        return _("has no bands (0 bands)")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return _("is damaged or cut short: it could not be read as a GeoTIFF (%(why)s)") % {
        "why": first[:200]
    }


def _check_file_type(path, name):
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise FileError(name, _("is empty"))
    if head.startswith(TIFF_MAGIC):
        return
    for magic, what in ARCHIVE_MAGIC.items():
        if head.startswith(magic):
            raise UnsafeFile(
                name,
                _(
                    "is a %(what)s archive, not a GeoTIFF; archives are refused "
                    "unopened (one could unpack to any size)"
                )
                % {"what": what},
            )
    for magic, what in OTHER_MAGIC.items():
        if head.startswith(magic):
            raise FileError(
                name,
                _(
                    "is a %(what)s image without georeferencing: nothing says "
                    "where on Earth it lies. Export it as a GeoTIFF from the "
                    "drone or GIS software."
                )
                % {"what": what},
            )
    raise FileError(name, _("is not a GeoTIFF (its first bytes are no TIFF's)"))


def _check_declared_size(src, name, path):
    declared = src.width * src.height * src.count * np.dtype(src.dtypes[0]).itemsize
    size = max(path.stat().st_size, 1)
    if declared >= BOMB_MIN_BYTES and declared / size > BOMB_RATIO:
        raise UnsafeFile(
            name,
            _(
                "declares %(w)d × %(h)d pixels (%(gb).1f GB uncompressed) in a "
                "%(mb).1f MB file: refused as a decompression bomb"
            )
            % {
                "w": src.width,
                "h": src.height,
                "gb": declared / 1024**3,
                "mb": size / 1024**2,
            },
        )
    limit = settings.WAKUNCAR_RASTER_MAX_PIXELS
    if src.width * src.height > limit:
        raise FileError(
            name,
            _("is %(w)d × %(h)d pixels; the most accepted is %(max)s pixels")
            % {"w": src.width, "h": src.height, "max": f"{limit:,}"},
        )


def _check_shape(src, name):
    if src.count == 0:
        raise FileError(name, _("has no bands (0 bands)"))
    if src.width < MIN_SIDE or src.height < MIN_SIDE:
        raise FileError(
            name,
            _("is %(w)d × %(h)d pixels: too small to show any land")
            % {"w": src.width, "h": src.height},
        )


def _check_bands(src, name, kind):
    if src.count not in BANDS[kind]:
        expected = {
            ORTHOPHOTO: _("3 (red, green, blue) or 4 (with alpha)"),
            LANDCOVER: _("1 (the class of each pixel)"),
            NDVI: _("1 (NDVI of each pixel)"),
        }[kind]
        raise FileError(
            name,
            _("has %(n)d bands; %(kind)s rasters have %(expected)s")
            % {"n": src.count, "kind": kind_label(kind), "expected": expected},
        )
    dtype = src.dtypes[0]
    if len(set(src.dtypes)) > 1 or dtype not in DTYPES[kind]:
        raise FileError(
            name,
            _("holds %(dtype)s values; %(kind)s rasters hold %(allowed)s")
            % {
                "dtype": dtype,
                "kind": kind_label(kind),
                "allowed": ", ".join(DTYPES[kind]),
            },
        )


def _check_crs(src, name):
    crs = src.crs
    if src.transform.is_identity:
        if src.gcps[0]:
            raise FileError(
                name,
                _(
                    "is georeferenced by ground control points only; warp it to "
                    "a map grid first"
                ),
            )
        raise FileError(
            name,
            _(
                "has no georeferencing: neither a coordinate system nor a "
                "position on Earth"
            ),
        )
    if crs is None or not crs.to_wkt():
        raise UnknownCRS(name, _("has a position but no coordinate system"))
    label = crs_label(crs)
    if not (crs.is_projected or crs.is_geographic):
        raise UnknownCRS(
            name,
            _(
                "is in an unknown coordinate system (%(crs)s): a local or "
                "engineering grid that cannot be placed on Earth"
            )
            % {"crs": label},
        )
    return label


def crs_label(crs):
    epsg = crs.to_epsg()
    if epsg:
        return f"EPSG:{epsg}"
    match = WKT_NAME.match(crs.to_wkt())
    return match.group(1) if match else crs.to_wkt()[:60]


def _footprint(src, target, name):
    """The raster's outline in ``target``, edges densified so a reprojected
    outline bends where the grid does."""
    outline = shapely.segmentize(box(*src.bounds), max(*src.res) * 16)
    try:
        moved = shape(rasterio.warp.transform_geom(src.crs, target, mapping(outline)))
    except (CPLE_BaseError, RasterioError, ValueError) as exc:
        raise UnknownCRS(
            name,
            _("its coordinate system (%(crs)s) cannot be converted to %(to)s")
            % {"crs": crs_label(src.crs), "to": target},
        ) from exc
    if moved.is_empty or not np.isfinite(shapely.get_coordinates(moved)).all():
        raise UnknownCRS(
            name,
            _("its coordinate system (%(crs)s) cannot be converted to %(to)s")
            % {"crs": crs_label(src.crs), "to": target},
        )
    if target == "EPSG:4326":
        w, s, e, n = moved.bounds
        if w < -180 or e > 180 or s < -90 or n > 90:
            raise UnknownCRS(
                name,
                _(
                    "lies off the Earth in its coordinate system (%(crs)s): "
                    "the CRS or the position is wrong"
                )
                % {"crs": crs_label(src.crs)},
            )
    return moved


def kind_label(kind):
    return {
        ORTHOPHOTO: _("orthophoto"),
        LANDCOVER: _("land-cover"),
        NDVI: _("NDVI"),
    }[kind]
