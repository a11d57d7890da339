"""Our own export, as exports.services.layer_export writes it (CSV and
GeoPackage), imported again through ``manage.py import_survey``: every field
of every household comes back equal."""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from exports.services import layer_export
from households.models import GpsSource, Household, Latrine, WasteDisposal
from spatial.models import RT
from tests.surveys.fixtures import C, lat_lon

pytestmark = pytest.mark.django_db

COMPARED = [
    "rt_id",
    "kelurahan_id",
    "reported_rt",
    "reported_rw",
    "rt_mismatch",
    "external_id",
    "head_name",
    "kk_numbers",
    "members",
    "dasawisma",
    "address",
    "waste_sorted",
    "waste_disposal",
    "latrine",
    "septic_tank",
    "last_desludged",
    "survey_date",
    "gps_source",
    "gps_accuracy_m",
    "elevation_m",
    "captured_at",
    "device",
]


@pytest.fixture
def households(survey_area):
    """Two households as different as their fields allow, each inside its RT
    (checked by full_clean, which also finds the RT and the mismatch)."""
    made = []
    for n, (xy, values) in enumerate(
        [
            (
                (700, 200),
                {
                    "head_name": "Harjono; \"Pak\" 'Har'",
                    "kk_numbers": ["1872051203040005", "1872050506070021"],
                    "members": 5,
                    "dasawisma": "Dasawisma Mawar",
                    "address": "Jl. Mawar No. 9, RT 2",
                    "waste_sorted": True,
                    "waste_disposal": WasteDisposal.BANK_SAMPAH,
                    "latrine": Latrine.OWN,
                    "septic_tank": True,
                    "last_desludged": date(2021, 6, 1),
                    "survey_date": date(2022, 1, 15),
                    "gps_source": GpsSource.PHONE,
                    "gps_accuracy_m": 3.5,
                    "elevation_m": 41.25,
                    "captured_at": datetime(2022, 1, 15, 2, 30, 5, tzinfo=UTC),
                    "device": "Xiaomi Redmi 9",
                    "reported_rt": 3,
                    "reported_rw": 1,
                },
            ),
            (
                C,
                {
                    "head_name": "Sri",
                    "kk_numbers": [],
                    "members": 1,
                    "waste_sorted": None,
                    "septic_tank": None,
                    "gps_source": GpsSource.GPS_UNIT,
                },
            ),
        ]
    ):
        lat, lon = lat_lon(xy)
        from django.contrib.gis.geos import Point

        household = Household(
            geom=Point(lon, lat, srid=4326), external_id=f"uuid:{n}", **values
        )
        household.full_clean()
        household.save()
        made.append(household)
    return made


def fields_of(household):
    household.refresh_from_db()
    return {name: getattr(household, name) for name in COMPARED} | {
        "lon": round(household.geom.x, 7),
        "lat": round(household.geom.y, 7),
    }


def exported_and_imported(households, users, tmp_path, format):
    before = {h.external_id: fields_of(h) for h in households}
    assert before["uuid:0"]["rt_mismatch"] is True  # written RT 3, lies in RT 2
    assert before["uuid:0"]["rt_id"] == RT.objects.get(number=2).pk
    export = layer_export(
        user=users["admin"],
        layer="households",
        format=format,
        out=tmp_path / f"rumah.{format}",
        kelurahan="rejomulyo",
    )
    assert export.features == {"households": 2}
    Household.objects.all().delete()
    out = io.StringIO()
    call_command(
        "import_survey",
        str(export.path),
        "--layer",
        "households",
        "--kelurahan",
        "rejomulyo",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "created 2, duplicates 0, rejected 0" in out.getvalue()
    after = {h.external_id: fields_of(h) for h in Household.objects.all()}
    return before, after


@pytest.mark.parametrize("format", ["csv", "gpkg"])
def test_the_real_export_imports_again_with_every_field_equal(
    households, users, tmp_path, format
):
    before, after = exported_and_imported(households, users, tmp_path, format)
    if format == "gpkg":  # see the next test
        for fields in (*before.values(), *after.values()):
            del fields["captured_at"]
    assert after == before


def test_the_geopackage_export_keeps_the_capture_time(households, users, tmp_path):
    before, after = exported_and_imported(households, users, tmp_path, "gpkg")
    assert after["uuid:0"]["captured_at"] == before["uuid:0"]["captured_at"]
