"""Format choice for OGC API – Features: ``?f=json|html`` first, then the
Accept header. DRF's own negotiation would answer a browser's ``text/html``
with 406, since the views render their bodies themselves."""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from spatial.errors import InvalidInput

FORMATS = {"json": False, "geojson": False, "html": True}


class BodiesRenderedByTheView(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


def wants_html(request):
    chosen = request.GET.get("f")
    if chosen is not None:
        if chosen not in FORMATS:
            raise InvalidInput(f"f must be json or html, not {chosen!r}.")
        return FORMATS[chosen]
    accept = request.headers.get("Accept", "")
    html_at = accept.find("text/html")
    json_at = min(
        (i for i in (accept.find("json"),) if i >= 0), default=len(accept) + 1
    )
    return html_at >= 0 and html_at < json_at
