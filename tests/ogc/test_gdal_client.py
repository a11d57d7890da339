"""GDAL's OAPIF driver (the reader QGIS uses) against a live server: it lists
the collections and reads every feature of each through the next links."""

import re
import subprocess
from collections import Counter

import pytest
from rest_framework.authtoken.models import Token

from households.models import Household
from landuse.models import IdlePlot
from spatial.models import RT, RW, Kelurahan
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    WastePointFactory,
    utm_box,
    utm_point,
)
from waste.models import WastePoint

OGRINFO = "/usr/bin/ogrinfo"
pytestmark = pytest.mark.django_db(transaction=True)
FEATURE = re.compile(r"^OGRFeature\(([\w-]+)\):\d+$", re.MULTILINE)


def ogrinfo(url, *options, token=None):
    headers = ["--config", "GDAL_HTTP_HEADERS", f"Authorization: Token {token}"]
    result = subprocess.run(
        [
            OGRINFO,
            "-ro",
            "-al",
            "-q",
            *(headers if token else []),
            *options,
            f"OAPIF:{url}/ogc/",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.fixture
def city(rt, other_rt):
    HouseholdFactory.create_batch(23, rt=rt)
    HouseholdFactory.create_batch(4, rt=other_rt, geom=utm_point(2100, 100))
    IdlePlotFactory(kelurahan=rt.rw.kelurahan, status="reported")
    IdlePlotFactory(kelurahan=rt.rw.kelurahan, geom=utm_box(300, 300, 350, 350))
    WastePointFactory(kelurahan=rt.rw.kelurahan)
    WastePointFactory(
        kelurahan=rt.rw.kelurahan,
        kind="illegal_dumping",
        status="reported",
        geom=utm_point(400, 400),
    )


def counts(listing):
    return Counter(FEATURE.findall(listing))


def test_anonymous_reads_every_public_feature(live_server, city):
    listing = ogrinfo(live_server.url)
    assert counts(listing) == {
        "kecamatan": 1,
        "kelurahan": Kelurahan.objects.count(),
        "rw": RW.objects.count(),
        "rt": RT.objects.count(),
        "idle-plots": IdlePlot.objects.public().count(),
        "waste-points": WastePoint.objects.public().count(),
    }
    assert "owner_name" not in listing


def test_a_lurah_token_reads_own_households_page_by_page(live_server, city, users):
    token = Token.objects.create(user=users["lurah"]).key
    listing = ogrinfo(live_server.url, token=token)
    own = Household.objects.filter(kelurahan=users["lurah"].profile.kelurahan)
    # GDAL asks 10 at a time: 23 households are three pages joined by next links.
    assert counts(listing)["households"] == own.count() == 23
    assert counts(listing)["idle-plots"] == 2
    assert "head_name (String) = Budi" in listing


def test_a_planner_token_reads_every_household_without_names(live_server, city, users):
    token = Token.objects.create(user=users["planner"]).key
    listing = ogrinfo(live_server.url, token=token)
    assert counts(listing)["households"] == Household.objects.count() == 27
    assert "head_name" not in listing and "kk_numbers" not in listing
