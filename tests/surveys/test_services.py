"""The survey import service, format by format and rule by rule, against the
real PostGIS. Row numbers are the spreadsheet's (the header is row 1) or the
feature's position in the file."""

import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import fiona
import openpyxl
import pytest
from fiona.crs import CRS

from households.models import Household
from spatial.errors import InvalidInput
from spatial.models import RT
from surveys.models import SurveyImport
from surveys.services import survey_import
from tests.factories import (
    X0,
    Y0,
    HouseholdFactory,
    RTFactory,
    RWFactory,
    utm_box,
    utm_point,
)
from tests.surveys.fixtures import (
    DATA,
    NO_RT,
    A,
    B,
    C,
    geojson_points,
    import_file,
    lat_lon,
    reasons,
    write_csv,
)
from waste.models import Kind, Status, WastePoint

pytestmark = pytest.mark.django_db

WIB = timezone(timedelta(hours=7))


def rt_numbers(model=Household):
    return sorted(
        (
            RT.objects.get(pk=pk).number
            for pk in model.objects.values_list("rt", flat=True)
        ),
    )


def test_kobo_csv_keeps_the_capture_details(survey_area):
    """KoboToolbox's split geopoint columns, _uuid, deviceid and end are read."""
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert (record.status, record.created, record.rejected) == ("committed", 3, 2)
    budi = Household.objects.get(head_name="Budi Santoso")
    assert (budi.elevation_m, budi.gps_accuracy_m) == (45.2, 4.8)
    # A geopoint with its accuracy comes from a phone app.
    assert budi.gps_source == "phone"
    assert budi.captured_at == datetime(2022, 3, 1, 8, 5, 42, tzinfo=WIB)
    assert budi.device == "collect:K7bq2X"
    assert budi.external_id == "0f6c1b34-8c5e-4a3e-9c71-4a5d0b7c2e11"
    assert budi.survey_date == date(2022, 3, 1)
    assert budi.survey_import == record
    siti = Household.objects.get(head_name="Siti Aminah")
    assert siti.kk_numbers == ["1872051203040013", "1872050506070021"]
    assert (siti.members, siti.waste_sorted, siti.waste_disposal) == (
        6,
        False,
        "collected",
    )
    assert rt_numbers() == [1, 2, 4]


def test_kobo_csv_reports_rejected_rows_and_poor_fixes(survey_area):
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert reasons(record)[5] == "lies 600 m outside Kelurahan Rejomulyo"
    assert reasons(record)[6] == "has no coordinates"
    assert record.report.as_json()["warnings"] == [
        {"row": 4, "reason": "GPS accuracy 32 m is worse than 20 m"}
    ]


def test_indonesian_locale_csv_with_semicolons_and_decimal_commas(survey_area):
    """Excel in the Indonesian locale: ";" delimiter, decimal comma, cp1252,
    lintang/bujur and day-first dates."""
    record = import_file(DATA / "indonesian_locale.csv", kelurahan=survey_area)
    assert record.created == 3
    sri = Household.objects.get(head_name="Sri Wahyuni")
    assert sri.geom.y == pytest.approx(lat_lon(A)[0], abs=1e-7)
    assert sri.dasawisma == "Dasawisma Melati–1"
    assert (sri.survey_date, sri.latrine, sri.septic_tank) == (
        date(2021, 11, 9),
        "own",
        True,
    )
    assert (sri.rt.number, sri.rt_mismatch) == (1, False)
    # Typed into a spreadsheet: nothing says which device took the location.
    assert sri.gps_source == "import"
    # Wagiman wrote RT 2 but lives in RT 1 on the map.
    assert Household.objects.get(head_name="Wagiman").rt_mismatch is True
    assert record.report.as_json()["warnings"] == [
        {
            "row": 3,
            "reason": "written as RT 002/RW 001, but the point lies in RT 001/RW 001; "
            "imported with the map's RT and marked for checking",
        }
    ]
    assert (
        "read as Windows-1252 text (it is not UTF-8)"
        in record.report.as_json()["notes"]
    )


def test_odk_geopoint_string(survey_area):
    record = import_file(DATA / "odk_geopoint.csv", kelurahan=survey_area)
    assert record.created == 2
    sutrisno = Household.objects.get(head_name="Sutrisno")
    assert (sutrisno.elevation_m, sutrisno.gps_accuracy_m) == (46.5, 4.0)
    assert sutrisno.external_id == "uuid:6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    assert record.report.as_json()["mapping"]["lokasi"] == "geopoint"


def test_odk_central_split_geopoint_columns(survey_area, tmp_path):
    lat, lon = lat_lon(A)
    path = write_csv(
        tmp_path / "central.csv",
        [
            "KEY",
            "nama_kk",
            "lokasi-Latitude",
            "lokasi-Longitude",
            "lokasi-Altitude",
            "lokasi-Accuracy",
        ],
        [["uuid:1", "Parmi", lat, lon, 44.0, 3.5]],
    )
    record = import_file(path, kelurahan=survey_area)
    parmi = Household.objects.get(head_name="Parmi")
    assert (record.created, parmi.elevation_m, parmi.gps_accuracy_m) == (1, 44.0, 3.5)
    assert parmi.external_id == "uuid:1"


def test_gpx_waypoints_become_waste_points(survey_area):
    record = import_file(
        DATA / "waypoints.gpx", kelurahan=survey_area, layer="waste_points"
    )
    assert record.created == 3
    tps = WastePoint.objects.get(name="TPS Mawar")
    assert (tps.kind, tps.status, tps.elevation_m) == (Kind.TPS, Status.ACTIVE, 45.3)
    assert tps.captured_at == datetime(2022, 3, 3, 1, 0, tzinfo=UTC)
    assert tps.device == "Garmin eTrex 10"
    spot = WastePoint.objects.get(kind=Kind.ILLEGAL_DUMPING)
    assert spot.status == Status.REPORTED


def test_gpx_track_points_only_on_request(survey_area):
    record = import_file(
        DATA / "waypoints.gpx",
        kelurahan=survey_area,
        layer="waste_points",
        layer_name="track_points",
    )
    assert record.created == 2
    assert set(WastePoint.objects.values_list("kind", flat=True)) == {
        Kind.OPEN_BURNING,
        Kind.COMPOSTING,
    }


def test_kml_placemarks_in_nested_folders(survey_area):
    record = import_file(
        DATA / "nested.kml", kelurahan=survey_area, layer="waste_points"
    )
    assert (record.created, reasons(record)) == (3, {3: "is a LineString, not a point"})
    bank = WastePoint.objects.get(name="Bank Sampah Melati")
    assert (bank.kind, bank.elevation_m) == (Kind.BANK_SAMPAH, 47.5)
    # Google Earth's altitude 0 on a ground-clamped point is not an elevation.
    assert WastePoint.objects.get(name="TPS Mawar").elevation_m is None
    burning = WastePoint.objects.get(kind=Kind.OPEN_BURNING)
    assert burning.captured_at == datetime(2022, 3, 4, 9, tzinfo=WIB)


def test_kmz(survey_area):
    record = import_file(
        DATA / "points.kmz", kelurahan=survey_area, layer="waste_points"
    )
    assert record.created == 1
    assert WastePoint.objects.get().kind == Kind.TPS3R


def test_geojson_declaring_utm_48s_is_reprojected(survey_area, tmp_path):
    path = geojson_points(
        tmp_path / "rumah.geojson",
        [(X0 + 100, Y0 + 100)],
        properties=[{"nama": "Tumini", "no_kk": "1872051203040005"}],
        crs="urn:ogc:def:crs:EPSG::32748",
    )
    record = import_file(path, kelurahan=survey_area)
    tumini = Household.objects.get()
    assert (record.report.as_json()["srid"], tumini.head_name, tumini.rt.number) == (
        32748,
        "Tumini",
        1,
    )
    assert (tumini.geom.y, tumini.geom.x) == pytest.approx(lat_lon(A), abs=1e-7)


def write_shapefile(folder, points, *, epsg=32748):
    folder.mkdir()
    schema = {"geometry": "Point", "properties": {"NAMA": "str", "JENIS": "str"}}
    with fiona.open(
        folder / "titik.shp",
        "w",
        driver="ESRI Shapefile",
        schema=schema,
        crs=CRS.from_epsg(epsg),
    ) as dst:
        for (x, y), name, kind in points:
            dst.write(
                {
                    "geometry": {"type": "Point", "coordinates": (x, y)},
                    "properties": {"NAMA": name, "JENIS": kind},
                }
            )
    return folder / "titik.shp"


def zipped(shp, *, without=()):
    archive = shp.parent.parent / f"{shp.parent.name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            if part.suffix not in without:
                zf.write(part, part.name)
    return archive


def test_zipped_shapefile_in_utm_48s(survey_area, tmp_path):
    shp = write_shapefile(
        tmp_path / "utm",
        [
            ((X0 + 100, Y0 + 100), "TPS Mawar", "TPS"),
            ((X0 + 700, Y0 + 700), "Bank", "bank sampah"),
        ],
    )
    record = import_file(zipped(shp), kelurahan=survey_area, layer="waste_points")
    assert (record.created, record.report.as_json()["srid"]) == (2, 32748)
    tps = WastePoint.objects.get(name="TPS Mawar")
    assert (tps.geom.y, tps.geom.x) == pytest.approx(lat_lon(A), abs=1e-7)
    assert tps.rt.number == 1


def test_shapefile_without_prj_asks_for_its_crs(survey_area, tmp_path):
    shp = write_shapefile(tmp_path / "noprj", [((X0 + 100, Y0 + 100), "TPS", "TPS")])
    archive = zipped(shp, without={".prj"})
    failed = import_file(archive, kelurahan=survey_area, layer="waste_points")
    assert failed.status == "failed"
    assert failed.report.error == (
        "the shapefile has no .prj, so its coordinate system is unknown; give its "
        "EPSG code (e.g. 32748 for UTM 48S)"
    )
    assert not WastePoint.objects.exists()
    given = import_file(
        archive, kelurahan=survey_area, layer="waste_points", srid=32748
    )
    assert given.created == 1


def test_geopackage_with_several_layers_lists_them_and_takes_a_choice(
    survey_area, tmp_path
):
    path = tmp_path / "survei.gpkg"
    schema = {"geometry": "Point", "properties": {"nama": "str", "jenis": "str"}}
    lat, lon = lat_lon(A)
    for layer in ("tps", "jalan_kaki"):
        with fiona.open(
            path,
            "w",
            driver="GPKG",
            layer=layer,
            schema=schema,
            crs=CRS.from_epsg(4326),
        ) as dst:
            dst.write(
                {
                    "geometry": {"type": "Point", "coordinates": (lon, lat)},
                    "properties": {"nama": f"TPS {layer}", "jenis": "TPS"},
                }
            )
    failed = import_file(path, kelurahan=survey_area, layer="waste_points")
    assert (
        failed.report.as_json()["error"]
        == "holds 2 layers (tps, jalan_kaki); choose one"
    )
    assert failed.report.as_json()["layers"] == ["tps", "jalan_kaki"]
    chosen = import_file(
        path, kelurahan=survey_area, layer="waste_points", layer_name="tps"
    )
    assert (chosen.created, WastePoint.objects.get().name) == (1, "TPS tps")


def test_xlsx_with_typed_cells(survey_area, tmp_path):
    lat, lon = lat_lon(C)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nama_kepala_keluarga", "latitude", "longitude", "no_kk", "tanggal"])
    sheet.append(["Karsini", lat, lon, 1872051203040005, datetime(2022, 5, 4)])
    workbook.save(tmp_path / "survei.xlsx")
    record = import_file(tmp_path / "survei.xlsx", kelurahan=survey_area)
    karsini = Household.objects.get()
    assert (record.created, karsini.kk_numbers) == (1, ["1872051203040005"])
    assert (karsini.survey_date, karsini.rt.number) == (date(2022, 5, 4), 4)


def test_our_own_export_reimports_without_loss(survey_area, tmp_path):
    """The exporter's CSV (wkt, latitude, longitude and the fields by name,
    No. KK joined with "|") comes back field for field."""
    rt = RT.objects.get(number=2)
    lat, lon = lat_lon((700, 200))
    header = [
        "id",
        "kelurahan",
        "rt",
        "wkt",
        "latitude",
        "longitude",
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
        "gps_accuracy_m",
        "gps_source",
        "elevation_m",
        "captured_at",
        "device",
    ]
    row = [
        "17",
        "rejomulyo",
        "RT 002/RW 001",
        f'"POINT ({lon} {lat})"',
        lat,
        lon,
        "Harjono",
        "1872051203040005|1872050506070021",
        5,
        "Dasawisma Mawar",
        "Jl. Mawar No. 9",
        "True",
        "bank_sampah",
        "own",
        "True",
        "2021-06-01",
        "2022-01-15",
        3.5,
        "phone",
        41.0,
        "2022-01-15T09:30:00+07:00",
        "Xiaomi Redmi 9",
    ]
    path = write_csv(tmp_path / "households.csv", header, [row])
    record = import_file(path, kelurahan=survey_area)
    h = Household.objects.get()
    assert (record.created, h.rt, h.rt_mismatch) == (1, rt, False)
    assert (h.head_name, h.kk_numbers, h.members, h.dasawisma, h.address) == (
        "Harjono",
        ["1872051203040005", "1872050506070021"],
        5,
        "Dasawisma Mawar",
        "Jl. Mawar No. 9",
    )
    assert (h.waste_sorted, h.waste_disposal, h.latrine, h.septic_tank) == (
        True,
        "bank_sampah",
        "own",
        True,
    )
    assert (h.last_desludged, h.survey_date, h.gps_source) == (
        date(2021, 6, 1),
        date(2022, 1, 15),
        "phone",
    )
    assert (h.gps_accuracy_m, h.elevation_m, h.device) == (3.5, 41.0, "Xiaomi Redmi 9")
    assert h.captured_at == datetime(2022, 1, 15, 9, 30, tzinfo=WIB)


def test_every_point_gets_its_rt_by_point_in_polygon(survey_area, tmp_path):
    rows = [
        [f"KK {n}", *lat_lon(xy)] for n, xy in enumerate([A, (700, 200), (200, 700), C])
    ]
    path = write_csv(tmp_path / "rt.csv", ["nama", "lat", "lon"], rows)
    import_file(path, kelurahan=survey_area)
    assert rt_numbers() == [1, 2, 3, 4]


def test_point_in_the_kelurahan_but_in_no_rt_is_rejected(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "gap.csv",
        ["nama", "lat", "lon"],
        [["Gap", *lat_lon(NO_RT)], ["Ok", *lat_lon(A)]],
    )
    record = import_file(path, kelurahan=survey_area)
    assert reasons(record) == {2: "lies in Kelurahan Rejomulyo but in no RT of it"}


def test_the_same_file_again_creates_nothing_and_says_so(survey_area):
    first = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    again = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert (again.status, again.created, again.duplicates) == ("committed", 0, 3)
    assert again.report.as_json()["already_imported"]["id"] == first.pk
    assert Household.objects.count() == 3
    assert again.report.as_json()["duplicate_rows"][0]["reason"].startswith(
        "already imported"
    )


def test_rows_without_an_id_are_recognised_by_their_content(survey_area):
    import_file(DATA / "indonesian_locale.csv", kelurahan=survey_area)
    again = import_file(DATA / "indonesian_locale.csv", kelurahan=survey_area)
    assert (again.created, again.duplicates, Household.objects.count()) == (0, 3, 3)


def test_a_row_repeated_in_the_file_is_a_duplicate(survey_area, tmp_path):
    row = ["Budi", *lat_lon(A)]
    path = write_csv(tmp_path / "twice.csv", ["nama", "lat", "lon"], [row, row])
    record = import_file(path, kelurahan=survey_area)
    assert (record.created, record.report.as_json()["duplicate_rows"]) == (
        1,
        [{"row": 3, "reason": "repeats row 2"}],
    )


def test_near_duplicate_household_is_flagged_not_doubled(survey_area, tmp_path, users):
    stored = HouseholdFactory(
        rt=RT.objects.get(number=1), geom=utm_point(100, 100), head_name="Budi Santoso"
    )
    path = write_csv(
        tmp_path / "near.csv",
        ["nama", "lat", "lon"],
        [["budi  santoso", *lat_lon((102, 101))]],
    )
    record = import_file(path, kelurahan=survey_area, user=users["lurah"])
    assert (record.created, record.duplicates, Household.objects.count()) == (0, 1, 1)
    (flag,) = record.report.as_json()["duplicate_rows"]
    assert flag["reason"] == (
        f"2.2 m from stored record #{stored.pk} with the same head of household"
    )


def test_a_surveyor_is_not_told_which_stored_household_matched(
    survey_area, tmp_path, users
):
    """Naming the record and its distance would let a surveyor, who may not see
    names, test a guessed name against the stored households."""
    HouseholdFactory(
        rt=RT.objects.get(number=1), geom=utm_point(100, 100), head_name="Budi Santoso"
    )
    path = write_csv(
        tmp_path / "near.csv",
        ["nama", "lat", "lon"],
        [["Budi Santoso", *lat_lon((102, 101))]],
    )
    record = import_file(path, kelurahan=survey_area, user=users["surveyor"])
    (flag,) = record.report.as_json()["duplicate_rows"]
    assert flag["reason"] == (
        "near a stored record with the same head of household; the lurah decides"
    )


def test_near_duplicates_are_sought_in_the_uploads_kelurahan_only(
    survey_area, other_rt, tmp_path, users
):
    """A namesake 3 m away across the kelurahan boundary is not a duplicate."""
    east = RWFactory(kelurahan=survey_area, number=2, geom=utm_box(1000, 0, 2000, 1000))
    RTFactory(rw=east, number=1, geom=utm_box(1500, 0, 2000, 500))
    HouseholdFactory(rt=other_rt, geom=utm_point(2001, 100), head_name="Budi Santoso")
    path = write_csv(
        tmp_path / "edge.csv",
        ["nama", "lat", "lon"],
        [["Budi Santoso", *lat_lon((1998, 100))]],
    )
    record = import_file(path, kelurahan=survey_area, user=users["lurah"], dry_run=True)
    assert record.report.as_json()["duplicate_rows"] == []


def test_near_duplicates_can_be_kept_on_request(survey_area, tmp_path):
    HouseholdFactory(
        rt=RT.objects.get(number=1),
        geom=utm_point(100, 100),
        head_name="Budi Santoso",
    )
    path = write_csv(
        tmp_path / "near.csv",
        ["nama", "lat", "lon"],
        [["Budi Santoso", *lat_lon((102, 101))]],
    )
    record = import_file(path, kelurahan=survey_area, keep_near_duplicates=True)
    assert (record.created, Household.objects.count()) == (1, 2)
    assert (
        "with the same head of household"
        in record.report.as_json()["warnings"][0]["reason"]
    )


def test_swapped_coordinates_are_reported_and_fixed_on_request(survey_area):
    record = import_file(DATA / "bad_values.csv", kelurahan=survey_area, dry_run=True)
    assert "latitude and longitude look swapped" in reasons(record)[6]
    fixed = import_file(
        DATA / "bad_values.csv", kelurahan=survey_area, fix_swapped=True
    )
    assert fixed.created == 2
    assert {"row": 6, "reason": "latitude and longitude were swapped; fixed"} in (
        fixed.report.as_json()["warnings"]
    )
    assert Household.objects.get(head_name="Tertukar").rt.number == 1


def test_dry_run_writes_nothing_but_keeps_the_preview(survey_area):
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    assert (record.status, record.report.as_json()["new"]) == ("previewed", 3)
    assert not Household.objects.exists()
    assert len(record.report.as_json()["points"]) == 4


def test_each_import_is_recorded_with_its_file(survey_area, users):
    import hashlib

    record = import_file(
        DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"]
    )
    stored = SurveyImport.objects.get()
    assert (stored.user, stored.filename, stored.layer) == (
        users["surveyor"],
        "kobo.csv",
        "households",
    )
    assert stored.sha256 == hashlib.sha256((DATA / "kobo.csv").read_bytes()).hexdigest()
    assert stored.file.read() == (DATA / "kobo.csv").read_bytes()
    assert (stored.created, stored.rejected) == (record.created, 2)
    # A surveyor's upload names them as the surveyor of the households.
    assert set(Household.objects.values_list("surveyor", flat=True)) == {
        users["surveyor"].pk
    }


def test_3d_points_give_their_elevation(survey_area, tmp_path):
    folder = tmp_path / "z"
    folder.mkdir()
    lat, lon = lat_lon(A)
    schema = {"geometry": "3D Point", "properties": {"nama": "str"}}
    with fiona.open(
        folder / "z.shp",
        "w",
        driver="ESRI Shapefile",
        schema=schema,
        crs=CRS.from_epsg(4326),
    ) as dst:
        dst.write(
            {
                "geometry": {"type": "Point", "coordinates": (lon, lat, 43.5)},
                "properties": {"nama": "Suparmi"},
            }
        )
    import_file(zipped(folder / "z.shp"), kelurahan=survey_area)
    assert Household.objects.get().elevation_m == 43.5


def test_measured_points_say_their_measures_are_dropped(survey_area, tmp_path):
    """fiona drops M values silently; the shapefile header tells."""
    import subprocess

    lat, lon = lat_lon(A)
    (tmp_path / "m.csv").write_text(f'WKT,nama\n"POINT M ({lon} {lat} 7)",Sumini\n')
    folder = tmp_path / "m"
    folder.mkdir()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "ESRI Shapefile",
            str(folder / "m.shp"),
            str(tmp_path / "m.csv"),
            "-a_srs",
            "EPSG:4326",
        ],
        check=True,
    )
    record = import_file(zipped(folder / "m.shp"), kelurahan=survey_area)
    assert record.created == 1
    assert (
        "the points carry measures (M values); they are not kept"
        in (record.report.as_json()["notes"])
    )


def waste_csv(tmp_path, kinds):
    """Waste points at A, B and C with a ``jenis`` column holding ``kinds``
    (None: no such column)."""
    header = ["latitude", "longitude", "nama"]
    rows = [[*lat_lon(xy), f"Titik {n}"] for n, xy in enumerate((A, B, C), 1)]
    if kinds is not None:
        header.append("jenis")
        rows = [[*row, kind] for row, kind in zip(rows, kinds, strict=True)]
    return write_csv(tmp_path / "titik.csv", header, rows)


def test_a_waste_file_without_kinds_asks_for_a_column_or_one_value(
    survey_area, tmp_path
):
    record = import_file(
        waste_csv(tmp_path, None), kelurahan=survey_area, layer="waste_points"
    )
    assert record.status == SurveyImport.Status.FAILED
    assert record.report.as_json()["error_code"] == "missing_field"
    assert record.report.as_json()["error"] == (
        "no column for kind; choose the column that holds it or give one "
        "value for every row"
    )
    assert record.report.as_json()["missing"] == ["kind"]
    assert not WastePoint.objects.exists()


def test_one_kind_for_every_row_in_the_words_surveyors_use(survey_area, tmp_path):
    record = import_file(
        waste_csv(tmp_path, None),
        kelurahan=survey_area,
        layer="waste_points",
        fill={"kind": "sampah liar"},
    )
    assert record.created == 3
    assert set(WastePoint.objects.values_list("kind", "status")) == {
        (Kind.ILLEGAL_DUMPING, Status.REPORTED)
    }


def test_a_row_s_own_value_comes_before_the_one_for_every_row(survey_area, tmp_path):
    """In the column the user chose; one found by its name alone gives way
    (tests/surveys/test_real_files.py)."""
    record = import_file(
        waste_csv(tmp_path, ["bank sampah", "", "komposter"]),
        kelurahan=survey_area,
        layer="waste_points",
        fill={"kind": "TPS"},
        mapping={"jenis": "kind"},
    )
    assert record.created == 3
    kinds = dict(WastePoint.objects.values_list("name", "kind"))
    assert kinds == {
        "Titik 1": Kind.BANK_SAMPAH,
        "Titik 2": Kind.TPS,
        "Titik 3": Kind.COMPOSTING,
    }


@pytest.mark.parametrize(
    ("fill", "message"),
    [
        ({"kind": "gudang"}, "kind for every row: 'gudang' is not one of"),
        ({"head_name": "Budi"}, "'head_name' cannot be given for every row"),
        ({"colour": "red"}, "'colour' cannot be given for every row"),
    ],
)
def test_a_bad_value_for_every_row_is_refused_before_anything_is_read(
    survey_area, tmp_path, fill, message
):
    with pytest.raises(InvalidInput, match=message):
        import_file(
            waste_csv(tmp_path, None),
            kelurahan=survey_area,
            layer="households" if "head_name" in fill else "waste_points",
            fill=fill,
        )
    assert not WastePoint.objects.exists()
    assert not Household.objects.exists()


def test_a_lurah_committing_a_surveyor_s_upload_keeps_who_brought_the_points(
    survey_area, users
):
    record = import_file(
        DATA / "waypoints.gpx",
        kelurahan=survey_area,
        layer="waste_points",
        user=users["surveyor"],
        dry_run=True,
    )
    survey_import(survey_import=record, user=users["lurah"])
    assert set(WastePoint.objects.values_list("created_by", "updated_by")) == {
        (users["surveyor"].pk, users["lurah"].pk)
    }
    record.refresh_from_db()
    assert record.report.as_json()["committed_by"] == str(users["lurah"])


def test_a_record_of_a_dry_run_is_never_committed(survey_area):
    record = import_file(
        DATA / "kobo.csv", kelurahan=survey_area, dry_run=True, via="command"
    )
    assert record.status == SurveyImport.Status.CHECKED
    with pytest.raises(InvalidInput, match="kobo.csv was only checked"):
        survey_import(survey_import=record, user=None)
    record.refresh_from_db()
    assert record.status == SurveyImport.Status.CHECKED
    assert not Household.objects.exists()


def test_a_point_outside_says_which_kelurahan_it_lies_in_and_how_far(
    survey_area, other_kelurahan, tmp_path
):
    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "latitude", "longitude"],
        [
            ["Tetangga", *lat_lon((2600, 500))],
            ["Jauh", *lat_lon((-4500, 500))],
            ["Sini", *lat_lon(A)],
        ],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    assert reasons(record) == {
        2: "lies in Kelurahan Margodadi, 600 m outside Kelurahan Rejomulyo",
        3: "lies 4.5 km outside Kelurahan Rejomulyo",
    }


def test_a_file_without_members_says_each_household_counts_as_one(
    survey_area, tmp_path
):
    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "latitude", "longitude"],
        [["Sri", *lat_lon(A)]],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    assert (
        "no column for number of members: every row takes 1"
        in (record.report.as_json()["notes"])
    )
    with_members = import_file(DATA / "indonesian_locale.csv", kelurahan=survey_area)
    assert with_members.report.notes == ["read as Windows-1252 text (it is not UTF-8)"]


def test_the_same_file_again_with_another_value_for_every_row_creates_nothing(
    survey_area, tmp_path
):
    path = waste_csv(tmp_path, None)
    first = import_file(
        path, kelurahan=survey_area, layer="waste_points", fill={"kind": "TPS"}
    )
    again = import_file(
        path,
        kelurahan=survey_area,
        layer="waste_points",
        fill={"kind": "sampah liar"},
        mapping={"nama": ""},
    )
    assert (first.created, again.created, again.duplicates) == (3, 0, 3)
    assert WastePoint.objects.count() == 3
