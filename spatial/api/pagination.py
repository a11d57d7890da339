"""Keyset pages for the layer lists: ``?limit=`` (opt-in) and ``?after=<id>``.
Without ``limit`` a list is one page of up to WAKUNCAR_API_PAGE_CAP features,
more than a kelurahan holds, so the map's reads per kelurahan stay whole; a
longer list ends with a ``next`` link rather than silently. No page counts the
table."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from spatial.errors import InvalidInput

PARAMETERS = [
    OpenApiParameter(
        "limit",
        OpenApiTypes.INT,
        description="Features per page (opt-in; at most WAKUNCAR_API_MAX_LIMIT, "
        "10,000 by default). Without it a page holds up to WAKUNCAR_API_PAGE_CAP "
        "(50,000) features.",
    ),
    OpenApiParameter(
        "after",
        OpenApiTypes.INT,
        description="Features with an id above this one: the `next` link's value.",
    ),
]


@dataclass(frozen=True)
class PageRequest:
    limit: int
    after: int | None


def page_request(params):
    """The page asked for in the query ``params``."""
    cap = settings.WAKUNCAR_API_PAGE_CAP
    maximum = settings.WAKUNCAR_API_MAX_LIMIT
    limit = _whole(params, "limit", 1, maximum)
    after = _whole(params, "after", 0, None)
    return PageRequest(limit=cap if limit is None else limit, after=after)


def _whole(params, name, low, high):
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    value = int(raw) if raw.isdigit() else None
    if value is None or value < low or (high is not None and value > high):
        bound = _("from %(low)s to %(high)s") % {"low": low, "high": high}
        raise InvalidInput(
            _("%(name)s must be a whole number %(bound)s, not %(value)s.")
            % {
                "name": name,
                "bound": bound if high is not None else _("of at least %s") % low,
                "value": json.dumps(raw),
            }
        )
    return value


def next_url(request, page):
    """The URL of the page after ``page``, or None after the last."""
    if not page.more:
        return None
    params = request.GET.copy()
    params["after"] = str(page.last_id)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
