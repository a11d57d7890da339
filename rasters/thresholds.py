"""The configurable thresholds of the raster analyses, read from settings at
call time."""

import math

from django.conf import settings
from django.utils.translation import gettext as _

from spatial.errors import InvalidInput

from .io.facts import LANDCOVER, NDVI, ORTHOPHOTO


def value_range(text_or_pair, *, what):
    """(low, high) from a setting (``"0.3,0.6"`` or a list) or an option."""
    parts = text_or_pair.split(",") if isinstance(text_or_pair, str) else text_or_pair
    try:
        low, high = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("%(what)s must be two numbers, low and high (got %(got)r).")
            % {"what": what, "got": text_or_pair}
        ) from None
    if not low <= high:
        raise InvalidInput(
            _("%(what)s: %(low)g is above %(high)g.")
            % {"what": what, "low": low, "high": high}
        )
    return low, high


def candidate_ndvi():
    return value_range(settings.WAKUNCAR_CANDIDATE_NDVI, what=_("NDVI range"))


def candidate_bare_index():
    return value_range(
        settings.WAKUNCAR_CANDIDATE_BARE_INDEX, what=_("bare-soil index range")
    )


def bare_range(kind):
    """What counts as bare land in a plot's statistics, per kind of raster:
    NDVI below WAKUNCAR_BARE_NDVI_MAX, or the bare-soil index range of an
    orthophoto. Land cover says it by its classes."""
    if kind == NDVI:
        return (-math.inf, settings.WAKUNCAR_BARE_NDVI_MAX)
    if kind == ORTHOPHOTO:
        return candidate_bare_index()
    if kind == LANDCOVER:
        return None
    raise ValueError(kind)
