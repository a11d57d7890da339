import csv

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from exports.models import ExportLog
from exports.summaries import summary_export
from spatial.errors import InvalidInput, NotFound, NotPermitted
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    RTFactory,
    WastePointFactory,
    utm_box,
    utm_point,
)
from tests.ogrinfo import layers

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(kelurahan, rt, other_rt):
    second = RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
    for sorted_ in (True, False, None):
        HouseholdFactory(rt=rt, waste_sorted=sorted_)
    HouseholdFactory(rt=second, geom=utm_point(600, 100), waste_sorted=True)
    HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100), waste_sorted=False)
    IdlePlotFactory(kelurahan=kelurahan, rt=rt, status="verified")  # 2,000 m²
    IdlePlotFactory(
        kelurahan=kelurahan, rt=rt, status="reported", geom=utm_box(0, 0, 10, 100)
    )
    IdlePlotFactory(
        kelurahan=kelurahan, rt=None, status="planned", geom=utm_box(1500, 0, 1600, 50)
    )
    WastePointFactory(kelurahan=kelurahan, rt=rt, kind="tps")
    WastePointFactory(kelurahan=kelurahan, rt=second, kind="bank_sampah")
    return {"rt": rt, "second": second}


def rows(result):
    with open(result.path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def summary(tmp_path, user, per, format="csv", **kwargs):
    out = tmp_path / f"summary.{format}"
    return summary_export(user=user, per=per, format=format, out=out, **kwargs)


def test_per_rt_counts_households_sorting_idle_land_and_waste_points(
    tmp_path, users, city
):
    table = rows(summary(tmp_path, users["planner"], "rt"))
    first = table[0]
    assert (first["kelurahan"], first["rw"], first["rt"]) == ("Rejomulyo", "1", "1")
    assert (first["households"], first["households_sorting"]) == ("3", "1")
    assert first["sorting_pct"] == "50.0"
    assert (first["idle_ha_verified"], first["idle_ha_reported"]) == ("0.2", "0.1")
    assert (first["waste_tps"], first["waste_bank_sampah"]) == ("1", "0")
    assert (table[1]["sorting_pct"], table[1]["waste_bank_sampah"]) == ("100.0", "1")


def test_land_outside_every_rt_has_a_row_of_its_own(tmp_path, users, city):
    table = rows(summary(tmp_path, users["planner"], "rt", kelurahan="rejomulyo"))
    outside = table[-1]
    assert (outside["rt_code"], outside["idle_ha_planned"]) == ("", "0.5")
    assert len(table) == 3


def test_per_kelurahan_adds_up_its_rts(tmp_path, users, city):
    table = {
        r["kelurahan"]: r for r in rows(summary(tmp_path, users["admin"], "kelurahan"))
    }
    rejomulyo = table["Rejomulyo"]
    assert (rejomulyo["households"], rejomulyo["households_sorting"]) == ("4", "2")
    assert rejomulyo["sorting_pct"] == "66.7"
    assert rejomulyo["idle_ha_planned"] == "0.5"
    assert table["Margodadi"]["sorting_pct"] == "0.0"


def test_xlsx_summary_opens_in_gdal_with_numbers_typed(tmp_path, users, city):
    info = layers(summary(tmp_path, users["planner"], "kelurahan", "xlsx").path)
    table = info["summary_kelurahan"]
    assert table.features == 2
    assert table.fields["households"] == "Integer"
    assert table.fields["sorting_pct"] == "Real"


def test_lurah_summary_covers_their_own_kelurahan(tmp_path, users, city):
    table = rows(summary(tmp_path, users["lurah"], "kelurahan"))
    assert [r["kelurahan"] for r in table] == ["Rejomulyo"]


@pytest.mark.parametrize("role", ["surveyor", None])
def test_summaries_are_not_for_the_public_or_surveyors(tmp_path, users, role):
    user = users[role] if role else AnonymousUser()
    with pytest.raises(NotPermitted, match="You may not export household totals"):
        summary(tmp_path, user, "rt")


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"per": "rw"}, InvalidInput, "per rt or per kelurahan"),
        ({"format": "shp"}, InvalidInput, "CSV or XLSX"),
        ({"kelurahan": "atlantis"}, NotFound, "no kelurahan atlantis"),
    ],
)
def test_wrong_summary_requests_are_refused(tmp_path, users, kwargs, error, message):
    args = {"per": "rt", "format": "csv"} | kwargs
    with pytest.raises(error, match=message):
        summary_export(user=users["planner"], out=tmp_path / "s.csv", **args)


def test_summary_export_is_logged(tmp_path, users, city):
    summary(tmp_path, users["planner"], "rt", "xlsx")
    log = ExportLog.objects.get()
    assert (log.layer, log.format, log.personal_data) == ("summary_rt", "xlsx", False)
    assert log.features == 4


def test_summary_command_writes_the_table(tmp_path, city):
    out = tmp_path / "s.csv"
    call_command(
        "export_summary", "--per", "kelurahan", "--format", "csv", "--out", str(out)
    )
    assert len(out.read_text().splitlines()) == 3
