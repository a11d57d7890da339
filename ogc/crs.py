"""Coordinate reference systems by reference (OGC API – Features Part 2)."""

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
UTM_48S = "http://www.opengis.net/def/crs/EPSG/0/32748"

# URI → SRID. Both have easting/longitude first, so no axis swap is needed;
# EPSG:4326 (latitude first) is left out for that reason.
SUPPORTED = {CRS84: 4326, UTM_48S: 32748}
SHORT_NAMES = {"[EPSG:32748]": UTM_48S, "[OGC:CRS84]": CRS84}


def srid_for(uri):
    """The SRID of a supported CRS URI (or safe CURIE), else None."""
    return SUPPORTED.get(SHORT_NAMES.get(uri, uri))
