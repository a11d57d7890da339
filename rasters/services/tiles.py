"""One map tile of a raster, for a user who may see the raster."""

from functools import lru_cache

from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import NotFound

from ..io.tiles import render_tile
from ..models import Kind, LandCoverClass, Raster
from .removal import file_of

MAX_ZOOM = 24


def raster_tile(*, user, pk, z, x, y) -> bytes | None:
    """PNG bytes of tile z/x/y of raster ``pk``, or None where the tile misses
    the raster. A raster the user may not see is not found."""
    raster = permissions.visible(user, Raster.objects.all()).filter(pk=pk).first()
    if (
        raster is None
        or not 0 <= z <= MAX_ZOOM
        or not (0 <= x < 2**z and 0 <= y < 2**z)
    ):
        raise NotFound(_("No such raster tile."))
    with file_of(raster) as path:
        return render_tile(
            path,
            x=x,
            y=y,
            z=z,
            kind=raster.kind,
            colours=legend_colours(raster) if raster.kind == Kind.LANDCOVER else None,
            value_range=(raster.value_min or 0, raster.value_max or 65535),
        )


def legend_colours(raster):
    return _colours(raster.pk, raster.sha256)


@lru_cache(maxsize=256)
def _colours(pk, sha256):
    # A raster's classes are written with it and never change, so one query
    # per raster and process serves every later tile (the key holds the
    # file's hash, so a reused id cannot bring back another raster's colours).
    return {
        value: (*_rgb(colour), 255)
        for value, colour in LandCoverClass.objects.filter(raster_id=pk).values_list(
            "value", "colour"
        )
    }


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
