"""Uploaded CRS text never makes GDAL read a local file or fetch a URL
(CVE-2026-114582 on Debian's GDAL 3.6; see gis.W001 in settings)."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from fiona.crs import CRS

from spatial.io.crs import resolve_srid
from spatial.io.errors import UnknownCRS

UTM_WKT = CRS.from_epsg(32748).to_wkt()


@pytest.fixture
def wkt_server():
    """A local HTTP server that serves a valid WKT and counts requests."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(UTM_WKT.encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_local_file_named_as_crs_is_not_read(tmp_path):
    secret = tmp_path / "utm.wkt"
    secret.write_text(UTM_WKT)
    for text in (str(secret), f"file://{secret}", f"  {secret}"):
        with pytest.raises(UnknownCRS, match="neither an EPSG code nor WKT"):
            resolve_srid(text, source="upload.prj")


def test_url_named_as_crs_is_not_fetched(wkt_server):
    base, hits = wkt_server
    for text in (f"{base}/crs.wkt", f"/vsicurl/{base}/crs.wkt"):
        with pytest.raises(UnknownCRS):
            resolve_srid(text, source="upload.prj")
    assert hits == []


def test_wkt_smuggling_a_proj_string_or_url_is_refused(wkt_server, tmp_path):
    base, hits = wkt_server
    for extension in (
        f'EXTENSION["PROJ4","+init={tmp_path}/x:1"]',
        f'AUTHORITY["{base}","1"]',
    ):
        wkt = UTM_WKT[:-1] + "," + extension + "]"
        with pytest.raises(UnknownCRS, match="refers to PROJ strings, files or URLs"):
            resolve_srid(wkt, source="upload.prj")
    assert hits == []


def test_the_threat_is_real_for_geodjango_on_this_gdal(tmp_path):
    """Why the guard exists: GeoDjango's SpatialReference, given the same file
    name on GDAL < 3.9, reads the file."""
    from django.contrib.gis.gdal import GDAL_VERSION, SpatialReference

    if GDAL_VERSION >= (3, 9):
        pytest.skip("GeoDjango blocks file access itself on GDAL 3.9+")
    secret = tmp_path / "utm.wkt"
    secret.write_text(UTM_WKT)
    assert SpatialReference(str(secret)).srid == 32748


@pytest.mark.parametrize(
    ("text", "srid"),
    [
        ("EPSG:32748", 32748),
        ("urn:ogc:def:crs:EPSG::9470", 9470),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
        (CRS.from_epsg(23878).to_wkt(), 23878),
        (UTM_WKT, 32748),
    ],
)
def test_epsg_and_wkt_are_resolved(text, srid):
    assert resolve_srid(text, source="f.prj") == srid


def test_wkt_without_epsg_equivalent_says_so():
    custom = CRS.from_proj4(
        "+proj=tmerc +lon_0=105.5 +k=0.9999 +x_0=200000 +ellps=WGS84"
    )
    with pytest.raises(UnknownCRS, match="f.prj: the CRS has no EPSG equivalent"):
        resolve_srid(custom.to_wkt(), source="f.prj")
