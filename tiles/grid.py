"""Web Mercator tile arithmetic (XYZ, as Leaflet and ST_TileEnvelope number
tiles)."""

import math

from django.utils.translation import gettext as _

from spatial.errors import InvalidInput

MAX_ZOOM = 22


def tile_coordinates(z, x, y):
    """(z, x, y) as integers, or InvalidInput naming what is wrong."""
    if not all(part.isdigit() for part in (z, x, y)):
        raise InvalidInput(
            _("Tile %(z)s/%(x)s/%(y)s: z, x and y are whole numbers.")
            % {"z": z, "x": x, "y": y}
        )
    z, x, y = int(z), int(x), int(y)
    if z > MAX_ZOOM:
        raise InvalidInput(
            _("Tile zoom %(z)s is above the highest, %(max)s.")
            % {"z": z, "max": MAX_ZOOM}
        )
    side = 2**z
    if x >= side or y >= side:
        raise InvalidInput(
            _("Tile %(z)s/%(x)s/%(y)s: at zoom %(z)s x and y run from 0 to %(last)s.")
            % {"z": z, "x": x, "y": y, "last": side - 1}
        )
    return z, x, y


def lonlat_bounds(z, x, y, margin=0.0):
    """(west, south, east, north) of a tile in degrees, widened by ``margin``
    (a fraction of the tile's side)."""
    side = 2**z
    west = (x - margin) / side * 360.0 - 180.0
    east = (x + 1 + margin) / side * 360.0 - 180.0
    north = _latitude((y - margin) / side)
    south = _latitude((y + 1 + margin) / side)
    return west, south, east, north


def _latitude(fraction):
    fraction = min(max(fraction, 0.0), 1.0)
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * fraction))))
