"""Turning the pixels that pass a test into polygons (rasterio.features.shapes),
window by window over a working grid no finer than asked, so a 20,000 ×
20,000 orthophoto is read as a few thousand-pixel windows of an overview."""

import math
from dataclasses import dataclass

import numpy as np
import rasterio.warp
import shapely
from affine import Affine
from rasterio.enums import Resampling
from rasterio.features import geometry_mask, shapes, sieve
from rasterio.windows import Window
from shapely.geometry import mapping, shape

from .gdal import gdal_env, open_geotiff
from .zonal import shape_window

WINDOW_CELLS = 2048


@dataclass
class Found:
    polygons: list  # shapely, in ``target_crs``
    cell_m: float  # the working grid's cell size, in metres
    cells_read: int


def matching_polygons(
    path, *, test, indexes, within, cell_m, native_m, min_area_m2, target_crs
):
    """Polygons of the cells of ``path`` inside ``within`` (GeoJSON, WGS 84)
    where ``test(data)`` holds. ``data`` is the masked array of ``indexes``
    on a grid of cells of up to ``cell_m`` metres (never finer than the
    raster's ``native_m``), a power-of-two decimation. Patches smaller than
    ``min_area_m2`` are sieved out per window; patches cut by a window edge
    are merged again afterwards."""
    factor = overview_factor(cell_m / native_m)
    min_cells = int(min_area_m2 / (native_m * factor) ** 2)
    finished, on_seams, cells_read = [], [], 0
    with gdal_env(), open_geotiff(path) as src:
        area = rasterio.warp.transform_geom("EPSG:4326", src.crs, within)
        region = shape_window(src, area)
        if region is None:
            return Found([], native_m * factor, 0)
        step = WINDOW_CELLS * factor
        for row in range(region.row_off, region.row_off + region.height, step):
            for col in range(region.col_off, region.col_off + region.width, step):
                window = Window(
                    col,
                    row,
                    min(step, region.col_off + region.width - col),
                    min(step, region.row_off + region.height - row),
                )
                polygons, cells = _window_polygons(
                    src, window, area, test, indexes, factor, min_cells
                )
                cells_read += cells
                edge = shapely.box(*_bounds(src, window)).exterior
                for polygon in polygons:
                    (on_seams if polygon.intersects(edge) else finished).append(polygon)
        crs = src.crs
    merged = shapely.unary_union(on_seams) if on_seams else None
    if merged is not None and not merged.is_empty:
        finished.extend(getattr(merged, "geoms", [merged]))
    if not finished:
        return Found([], native_m * factor, cells_read)
    moved = rasterio.warp.transform_geom(
        crs, target_crs, [mapping(p) for p in finished]
    )
    return Found([shape(g) for g in moved], native_m * factor, cells_read)


def overview_factor(ratio):
    """The largest power of two no greater than ``ratio`` (at least 1). The
    COG's overviews halve the grid at each level, and GDAL reads from an
    overview only when the decimation asked matches one: at 10× it read a
    20,000² orthophoto whole (40 s), at 8× one overview (a fraction of it)."""
    return 2 ** max(0, math.floor(math.log2(ratio))) if ratio >= 1 else 1


def _window_polygons(src, window, area, test, indexes, factor, min_cells):
    out_shape = (
        len(indexes),
        max(1, math.ceil(window.height / factor)),
        max(1, math.ceil(window.width / factor)),
    )
    data = src.read(
        indexes,
        window=window,
        out_shape=out_shape,
        masked=True,
        resampling=Resampling.nearest,
    )
    transform = src.window_transform(window) @ Affine.scale(
        window.width / out_shape[2], window.height / out_shape[1]
    )
    inside = geometry_mask(
        [area], out_shape=out_shape[1:], transform=transform, invert=True
    )
    hits = test(data) & inside & ~np.ma.getmaskarray(data).any(axis=0)
    cells = out_shape[1] * out_shape[2]
    if not hits.any():
        return [], cells
    hits = hits.astype("uint8")
    if min_cells > 1:
        # Sieve small patches here, before they become polygons; a patch cut
        # by the window edge keeps pieces of a quarter of the minimum.
        hits = sieve(hits, size=max(2, min_cells // 4))
    polygons = [
        shape(geometry)
        for geometry, value in shapes(hits, mask=hits.astype(bool), transform=transform)
        if value == 1
    ]
    return polygons, cells


def _bounds(src, window):
    left, top = src.transform @ (window.col_off, window.row_off)
    right, bottom = src.transform @ (
        window.col_off + window.width,
        window.row_off + window.height,
    )
    return min(left, right), min(top, bottom), max(left, right), max(top, bottom)
