"""Turning a CRS description from a file into an EPSG code on a safe path.

GDAL's OSRSetFromUserInput, behind GeoDjango's ``SpatialReference(str)``, treats
its input as a file name or a URL when it looks like one and reads it; Debian's
GDAL 3.6 cannot switch that off (Django check gis.W001). So text from an upload
never reaches it: we accept an EPSG reference or WKT only, parse WKT with
OSRImportFromWkt (fiona's CRS.from_wkt, which never opens files or URLs) and hand
GeoDjango nothing but the resulting integer.
"""

import re

from django.utils.translation import gettext as _
from fiona.crs import CRS
from fiona.errors import CRSError

from .errors import UnknownCRS

EPSG_REFERENCE = re.compile(
    r"^\s*(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:)(\d{4,6})\s*$", re.IGNORECASE
)
WKT_START = re.compile(
    r"^\s*(PROJCS|GEOGCS|GEOCCS|COMPD_CS|PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS|"
    r"COMPOUNDCRS|PROJECTEDCRS|GEOGRAPHICCRS)\s*\[",
    re.IGNORECASE,
)
# WKT1's EXTENSION["PROJ4", …] smuggles a PROJ string (which may name grid
# files) past the WKT parser.
UNSAFE_WKT = re.compile(r"EXTENSION\s*\[|://|\bfile:", re.IGNORECASE)
OGC_CRS84 = re.compile(r"^\s*urn:ogc:def:crs:OGC:[\d.]*:CRS84\s*$", re.IGNORECASE)
# Below this FindMatches confidence the match is a guess, not an identification.
MIN_CONFIDENCE = 70


def resolve_crs(text, *, source):
    """Like ``resolve_srid``, but a complete WKT without an EPSG equivalent (a
    local transverse Mercator, say) comes back as that WKT, checked as safe
    and parsed, to transform points from as it stands."""
    try:
        return resolve_srid(text, source=source)
    except NoEpsgEquivalent as exc:
        return exc.wkt


class NoEpsgEquivalent(UnknownCRS):
    def __init__(self, source, reason, *, wkt):
        super().__init__(source, reason)
        self.wkt = wkt


def resolve_srid(text, *, source):
    """The EPSG code of an EPSG reference or a WKT text (``.prj`` contents,
    GeoPackage or GeoJSON CRS). ``source`` names the file for messages."""
    text = (text or "").strip()
    if not text:
        raise UnknownCRS(source, _("declares no coordinate reference system"))
    if match := EPSG_REFERENCE.match(text):
        return _known_epsg(int(match.group(1)), source)
    if OGC_CRS84.match(text):
        return 4326
    if not WKT_START.match(text):
        raise UnknownCRS(
            source,
            _(
                "the CRS is neither an EPSG code nor WKT; only those are accepted "
                "(got %(text)s)"
            )
            % {"text": repr(text[:60])},
        )
    if UNSAFE_WKT.search(text):
        raise UnknownCRS(
            source, _("the CRS text refers to PROJ strings, files or URLs; refused")
        )
    try:
        crs = CRS.from_wkt(text)
    except CRSError as exc:
        raise UnknownCRS(
            source, _("the CRS text is not valid WKT (%(error)s)") % {"error": exc}
        ) from exc
    code = crs.to_epsg(confidence_threshold=MIN_CONFIDENCE)
    if code is None:
        raise NoEpsgEquivalent(
            source,
            _(
                "the CRS has no EPSG equivalent; reproject the file to WGS 84 or UTM "
                "48S, or give its EPSG code"
            ),
            wkt=crs.to_wkt(),
        )
    return int(code)


def _known_epsg(code, source):
    try:
        CRS.from_epsg(code)
    except CRSError as exc:
        raise UnknownCRS(
            source, _("EPSG:%(code)d is not a known CRS") % {"code": code}
        ) from exc
    return code
