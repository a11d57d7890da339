"""Converting an upload to a Cloud-Optimized GeoTIFF with overviews (rio-cogeo),
and one windowed pass over the result for what the header cannot tell: that
the file reads to its end, holds data, and holds values its kind allows."""

from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from rasterio._err import CPLE_BaseError
from rasterio.errors import RasterioError
from rio_cogeo.cogeo import cog_translate
from rio_cogeo.profiles import cog_profiles

from spatial.io.errors import FileError

from .facts import LANDCOVER, NDVI, ORTHOPHOTO, unreadable_reason
from .gdal import gdal_env, open_geotiff

BLOCK = 512
OVERVIEW_SIDE = 2048
# Classes are never averaged into a class that is not there; reflectance and
# NDVI are.
OVERVIEW_RESAMPLING = {ORTHOPHOTO: "average", LANDCOVER: "mode", NDVI: "average"}


@dataclass
class ValueSummary:
    valid_pixels: int = 0
    minimum: float | None = None
    maximum: float | None = None
    values: set = field(default_factory=set)  # land cover: the classes present


def write_cog(source, target, *, name, kind):
    """``source`` (a checked GeoTIFF) as a COG at ``target``. DEFLATE keeps
    pixel values exact: the bare-soil index and NDVI are computed from them.
    Blocks are copied one at a time through a temporary file beside
    ``target``, never the whole image in memory."""
    profile = dict(cog_profiles.get("deflate"))
    profile.update(blockxsize=BLOCK, blockysize=BLOCK, BIGTIFF="IF_SAFER")
    try:
        with gdal_env(), open_geotiff(source) as src:
            profile["predictor"] = 3 if src.dtypes[0].startswith("float") else 2
            cog_translate(
                src,
                str(target),
                profile,
                in_memory=False,
                quiet=True,
                overview_resampling=OVERVIEW_RESAMPLING[kind],
                config={"GDAL_CACHEMAX": settings.WAKUNCAR_RASTER_GDAL_CACHE_MB},
            )
    except (RasterioError, CPLE_BaseError) as exc:
        raise FileError(name, unreadable_reason(exc)) from exc


def summarise_values(path, *, name, kind):
    """Valid pixels, lowest and highest value (the first band), and for land
    cover every class present, read block by block; for an orthophoto, whose
    range only sets the display stretch, from one overview read."""
    summary = ValueSummary()
    try:
        with gdal_env(), open_geotiff(path) as src:
            for data in _value_reads(src, kind):
                values = data.compressed()
                if kind == NDVI:
                    values = values[np.isfinite(values)]
                if not values.size:
                    continue
                summary.valid_pixels += int(values.size)
                low, high = float(values.min()), float(values.max())
                summary.minimum = (
                    low if summary.minimum is None else min(summary.minimum, low)
                )
                summary.maximum = (
                    high if summary.maximum is None else max(summary.maximum, high)
                )
                if kind == LANDCOVER:
                    summary.values.update(int(v) for v in np.unique(values))
    except (RasterioError, CPLE_BaseError) as exc:
        raise FileError(name, unreadable_reason(exc)) from exc
    _check_values(summary, name=name, kind=kind)
    return summary


def _value_reads(src, kind):
    if kind == ORTHOPHOTO:
        factor = max(1, max(src.width, src.height) // OVERVIEW_SIDE)
        shape = (max(1, src.height // factor), max(1, src.width // factor))
        yield src.read(1, out_shape=shape, masked=True)
        return
    for _ij, window in src.block_windows(1):
        yield src.read(1, window=window, masked=True)


def _check_values(summary, *, name, kind):
    if not summary.valid_pixels:
        raise FileError(name, _("holds no data: every pixel is nodata"))
    if kind == NDVI and (summary.minimum < -1.0001 or summary.maximum > 1.0001):
        raise FileError(
            name,
            _(
                "holds values from %(low)g to %(high)g; NDVI lies between -1 and "
                "1 (a scaled NDVI must be divided back first)"
            )
            % {"low": summary.minimum, "high": summary.maximum},
        )
