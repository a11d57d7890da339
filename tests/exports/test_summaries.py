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
    # The RT of each follows from where it lies (the factories validate).
    IdlePlotFactory(kelurahan=kelurahan, status="verified")  # 2,000 m² in rt
    IdlePlotFactory(kelurahan=kelurahan, status="reported", geom=utm_box(0, 0, 10, 100))
    IdlePlotFactory(  # outside every RT
        kelurahan=kelurahan, status="planned", geom=utm_box(1500, 0, 1600, 50)
    )
    WastePointFactory(kelurahan=kelurahan, kind="tps")
    WastePointFactory(kelurahan=kelurahan, geom=utm_point(600, 100), kind="bank_sampah")
    return {"rt": rt, "second": second}


# Each column's stable name and its header in English (the tests' language).
HEADERS = {
    "kecamatan": "Kecamatan",
    "kelurahan": "Kelurahan",
    "rw": "RW number",
    "rt": "RT number",
    "rt_code": "RT code",
    "households": "Households",
    "households_sorting": "Households sorting their waste",
    "sorting_pct": "Sorting waste, % of the households answering",
    "idle_ha_verified": "Idle land, verified (ha)",
    "idle_ha_reported": "Idle land, reported (ha)",
    "idle_ha_planned": "Idle land, planned (ha)",
    "waste_tps": "Waste points: TPS (temporary collection point)",
    "waste_bank_sampah": "Waste points: Bank sampah (waste bank)",
}


def rows(result):
    """The table's rows, each cell found under its header and named by the
    column's stable name above."""
    with open(result.path, newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    return [
        {name: row[header] for name, header in HEADERS.items() if header in row}
        for row in table
    ]


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
    assert table.fields[HEADERS["households"]] == "Integer"
    assert table.fields[HEADERS["sorting_pct"]] == "Real"


def test_headers_and_file_name_follow_the_language_and_the_day_in_wib(
    tmp_path, users, city, monkeypatch
):
    import datetime as dt

    from django.utils import timezone, translation

    # 18:30 UTC on 1 December is already 2 December in Kota Metro.
    late = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    with translation.override("id"):
        result = summary_export(user=users["planner"], per="rt", format="csv")
    header = result.open_for_download().read().decode().splitlines()[0]
    assert header.startswith("Kecamatan,Kelurahan,Kode kelurahan,Nomor RW,Nomor RT")
    assert "Rumah tangga" in header and "Lahan tidur, terverifikasi (ha)" in header
    assert result.filename == "ringkasan-rt-kota-metro-20261202.csv"


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


def test_a_lurah_asking_for_another_kelurahan_s_totals_is_refused(
    tmp_path, users, city, other_kelurahan
):
    with pytest.raises(NotPermitted):
        summary(tmp_path, users["lurah"], "rt", kelurahan=other_kelurahan.slug)


def test_a_lurah_s_table_is_named_after_their_kelurahan(tmp_path, users, city):
    result = summary_export(user=users["lurah"], per="rt", format="csv")
    assert result.filename.startswith("summary-rt-rejomulyo-")
