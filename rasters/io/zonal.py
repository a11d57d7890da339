"""Zonal statistics: for each shape, the raster's pixels whose centre lies
inside it. One windowed read per shape, at full resolution unless the shape
covers more than MAX_WINDOW_PIXELS (then by overview)."""

import math
from dataclasses import dataclass, field

import numpy as np
import rasterio.warp
from affine import Affine
from rasterio.enums import Resampling
from rasterio.features import bounds, geometry_mask
from rasterio.windows import Window, from_bounds

from .facts import LANDCOVER, NDVI, ORTHOPHOTO
from .gdal import gdal_env, open_geotiff

MAX_WINDOW_PIXELS = 4_000_000


@dataclass
class Zone:
    pixels: int = 0
    class_counts: dict = field(default_factory=dict)
    ndvi_mean: float | None = None
    ndvi_min: float | None = None
    ndvi_max: float | None = None
    bare_pixels: int | None = None

    @property
    def bare_share(self):
        if self.bare_pixels is None or not self.pixels:
            return None
        return self.bare_pixels / self.pixels


def bare_soil_index(red, green):
    """(R - G) / (R + G): soil is redder than it is green, leaves the other way
    round. The orthophotos flown here carry no near-infrared band, so this
    visible-band ratio stands in for a bare-soil index; red roof tiles score
    higher than soil, which is why the index is taken as a range."""
    red = red.astype("float32")
    green = green.astype("float32")
    total = red + green
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, (red - green) / total, np.nan)


def zonal_statistics(path, shapes, *, kind, bare_range):
    """{key: Zone} for ``shapes``, an iterable of (key, GeoJSON geometry in
    WGS 84). ``bare_range`` is (low, high) of the bare-soil index for an
    orthophoto, or (-inf, high) of NDVI for an NDVI raster."""
    keys, geometries = zip(*shapes, strict=True) if shapes else ((), ())
    results = {}
    with gdal_env(), open_geotiff(path) as src:
        moved = rasterio.warp.transform_geom("EPSG:4326", src.crs, list(geometries))
        for key, geometry in zip(keys, moved, strict=True):
            results[key] = _zone(src, geometry, kind=kind, bare_range=bare_range)
    return results


def shape_window(src, geometry):
    """The window of ``src`` holding ``geometry``'s bounds, whole pixels, or
    None when it lies outside the raster."""
    window = from_bounds(*bounds(geometry), transform=src.transform)
    col0, row0 = math.floor(window.col_off), math.floor(window.row_off)
    col1 = math.ceil(window.col_off + window.width)
    row1 = math.ceil(window.row_off + window.height)
    col0, row0 = max(col0, 0), max(row0, 0)
    col1, row1 = min(col1, src.width), min(row1, src.height)
    if col1 <= col0 or row1 <= row0:
        return None
    return Window(col0, row0, col1 - col0, row1 - row0)


def read_zone(src, window, indexes):
    """The pixels of ``window`` (masked where nodata) and their transform, by
    overview when the window is too large to read whole."""
    excess = window.width * window.height / MAX_WINDOW_PIXELS
    # A power of two, so GDAL reads the matching overview of the COG.
    factor = 2 ** math.ceil(math.log2(math.sqrt(excess))) if excess > 1 else 1
    if factor == 1:
        data = src.read(indexes, window=window, masked=True)
        return data, src.window_transform(window)
    shape = (
        len(indexes),
        max(1, round(window.height / factor)),
        max(1, round(window.width / factor)),
    )
    data = src.read(
        indexes,
        window=window,
        out_shape=shape,
        masked=True,
        resampling=Resampling.nearest,
    )
    transform = src.window_transform(window) @ Affine.scale(
        window.width / shape[2], window.height / shape[1]
    )
    return data, transform


def _zone(src, geometry, *, kind, bare_range):
    window = shape_window(src, geometry)
    if window is None:
        return Zone()
    indexes = (1, 2, 3) if kind == ORTHOPHOTO else (1,)
    data, transform = read_zone(src, window, indexes)
    inside = geometry_mask(
        [geometry], out_shape=data.shape[1:], transform=transform, invert=True
    )
    valid = inside & ~np.ma.getmaskarray(data).any(axis=0)
    if kind == LANDCOVER:
        values, counts = np.unique(data[0].data[valid], return_counts=True)
        return Zone(
            pixels=int(counts.sum()),
            class_counts={
                str(int(v)): int(n) for v, n in zip(values, counts, strict=True)
            },
        )
    if kind == NDVI:
        ndvi = data[0].data[valid]
        ndvi = ndvi[np.isfinite(ndvi)]
        if not ndvi.size:
            return Zone()
        return Zone(
            pixels=int(ndvi.size),
            ndvi_mean=float(ndvi.mean(dtype="float64")),
            ndvi_min=float(ndvi.min()),
            ndvi_max=float(ndvi.max()),
            bare_pixels=int((ndvi < bare_range[1]).sum()),
        )
    index = bare_soil_index(data[0].data, data[1].data)[valid]
    low, high = bare_range
    return Zone(
        pixels=int(index.size),
        bare_pixels=int(((index >= low) & (index <= high)).sum()),
    )
