"""Web map tiles (256 × 256 PNG, Web Mercator z/x/y) rendered on demand from a
COG by rio-tiler, which reads only the blocks or overview the tile needs."""

from rio_tiler.colormap import cmap
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader

from .facts import LANDCOVER, NDVI, ORTHOPHOTO
from .gdal import gdal_env

TILE_SIZE = 256
NDVI_COLOURS = cmap.get("rdylgn")


def render_tile(path, *, x, y, z, kind, colours=None, value_range=None):
    """The PNG bytes of tile z/x/y, or None when the tile misses the raster.
    ``colours`` maps a land-cover value to (r, g, b, a); values it lacks are
    transparent. ``value_range`` stretches a 16-bit orthophoto to 8 bits."""
    with gdal_env(), Reader(str(path)) as cog:
        try:
            return _render(cog, x, y, z, kind, colours, value_range)
        except TileOutsideBounds:
            # rio-tiler checks the bounds itself; asking tile_exists first
            # would reproject them twice per tile.
            return None


def _render(cog, x, y, z, kind, colours, value_range):
    if kind == ORTHOPHOTO:
        image = cog.tile(
            x,
            y,
            z,
            tilesize=TILE_SIZE,
            indexes=(1, 2, 3),
            resampling_method="bilinear",
        )
        if image.array.dtype != "uint8":
            image.rescale(in_range=(value_range or (0, 65535),) * 3)
        return image.render(img_format="PNG")
    if kind == LANDCOVER:
        image = cog.tile(x, y, z, tilesize=TILE_SIZE, indexes=(1,))
        return image.render(img_format="PNG", colormap=colours or {})
    if kind == NDVI:
        image = cog.tile(
            x, y, z, tilesize=TILE_SIZE, indexes=(1,), resampling_method="bilinear"
        )
        image.rescale(in_range=((-1.0, 1.0),))
        return image.render(img_format="PNG", colormap=NDVI_COLOURS)
    raise ValueError(kind)
