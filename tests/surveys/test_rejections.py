"""Every way a survey file or row is refused, and that nothing is written that
was not reported: bad values, unusable files, unsafe files, a commit that fails
midway, and uploads by people who may not."""

import io
import json
import os
import re

import pytest
from django.db import IntegrityError

from households.models import Household
from spatial.errors import NotPermitted
from spatial.io.errors import FileError
from spatial.models import Role
from surveys import staging as survey_staging
from surveys.models import SurveyImport
from surveys.rejects import write_rejected
from surveys.services import survey_import
from tests.factories import KelurahanFactory, UserFactory, utm_box
from tests.surveys.fixtures import (
    DATA,
    A,
    import_file,
    lat_lon,
    reasons,
    upload_file,
    write_csv,
    write_zip,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (2, r"^latitude: 'utara' is not a number$"),
        (3, r"^latitude: 'nan' is not a finite number$"),
        (4, r"^longitude: 'inf' is not a finite number$"),
        (5, r"^latitude -95\.5 is out of range \(−90 to 90\)"),
        (6, r"^latitude and longitude look swapped"),
    ],
)
def test_each_bad_coordinate_is_named_with_its_row(survey_area, row, reason):
    record = import_file(DATA / "bad_values.csv", kelurahan=survey_area)
    assert (record.created, record.rejected) == (1, 5)
    assert re.search(reason, reasons(record)[row])


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (5, "is a LineString, not a point"),
        (6, "is a Polygon, not a point"),
        (7, "is a MultiPoint of 2 points; give one point per row"),
        (9, "wkt: 'POINT (abc' is neither WKT nor GeoJSON"),
    ],
)
def test_geometry_columns_take_points_only(survey_area, row, reason):
    record = import_file(DATA / "geometry_column.csv", kelurahan=survey_area)
    assert reasons(record)[row].endswith(reason)


def test_geometry_column_keeps_z_as_elevation_and_drops_m(survey_area):
    record = import_file(DATA / "geometry_column.csv", kelurahan=survey_area)
    assert record.created == 4
    assert Household.objects.get(head_name="Titik Z").elevation_m == 44.5
    assert Household.objects.get(head_name="Titik M").elevation_m is None
    assert "M (measure) values were dropped" in record.report.as_json()["notes"]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"no_kk": "1.87205E+15"}, "was turned into a number by the spreadsheet"),
        ({"no_kk": "123"}, "must be exactly 16 digits"),
        ({"no_kk": "0972051203040005"}, "province code"),
        ({"jumlah_anggota": "0"}, "a household has 1 to 100"),
        ({"jumlah_anggota": "dua"}, "'dua' is not a number"),
        (
            {"cara_buang": "terbang"},
            "'terbang' is not one of: Collected by the service, Bank sampah,",
        ),
        ({"pilah_sampah": "mungkin"}, "'mungkin' is not yes or no"),
        ({"tanggal_survei": "31/02/2022"}, "'31/02/2022' is not a date"),
        ({"nama": ""}, "nama: is empty"),
        (
            {"septic_tank": "tidak", "sedot_tinja_terakhir": "2021-01-01"},
            "has a desludging date but no septic tank",
        ),
    ],
)
def test_each_bad_field_value_is_named(survey_area, tmp_path, cells, reason):
    lat, lon = lat_lon(A)
    good = {
        "nama": "Baik",
        "lintang": lat,
        "bujur": lon,
        "no_kk": "1872051203040013",
        "jumlah_anggota": "4",
        "cara_buang": "dibakar",
        "pilah_sampah": "ya",
        "tanggal_survei": "01/03/2022",
        "septic_tank": "ada",
        "sedot_tinja_terakhir": "",
    }
    bad = good | {"nama": "Sugeng", "no_kk": "1872051203040005"} | cells
    path = write_csv(tmp_path / "f.csv", list(good), [bad.values(), good.values()])
    record = import_file(path, kelurahan=survey_area)
    assert reason in reasons(record)[2]
    assert (record.created, Household.objects.count()) == (1, 1)


def test_a_row_with_more_cells_than_the_header_is_rejected(survey_area, tmp_path):
    lat, lon = lat_lon(A)
    text = f"nama,lat,lon\nBaik,{lat},{lon}\nKoma,-5,1196806,105,2715763\n"
    (tmp_path / "koma.csv").write_text(text)
    record = import_file(tmp_path / "koma.csv", kelurahan=survey_area)
    assert reasons(record)[3] == (
        "has 5 values but the header has 3 columns (a decimal comma in a "
        "comma-separated file?)"
    )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("empty.csv", "empty.csv: is empty"),
        ("notes.docx", "unsupported file type .docx"),
    ],
)
def test_unusable_upload_is_refused_before_anything_is_stored(survey_area, name, error):
    with pytest.raises(FileError, match=error):
        import_file(DATA / name, kelurahan=survey_area)
    assert not SurveyImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("no_coordinates.csv", r"^no coordinate columns found among nama, alamat"),
        ("zip_slip.zip", r"^refused path '\.\./\.\./evil\.geojson' in the archive$"),
        ("no_shp.zip", r"^the archive holds no \.shp"),
        ("xxe.gpx", r"^XML entity declarations and external references are refused"),
        ("xxe.kml", r"^XML entity declarations and external references are refused"),
    ],
)
def test_unusable_file_fails_with_a_one_line_reason_and_writes_nothing(
    survey_area, name, error
):
    record = import_file(DATA / name, kelurahan=survey_area)
    assert record.status == SurveyImport.Status.FAILED
    assert re.search(error, record.report.as_json()["error"])
    assert "\n" not in record.report.as_json()["error"]
    assert not Household.objects.exists()


def test_a_file_whose_rows_are_all_rejected_fails(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "jauh.csv", ["nama", "lat", "lon"], [["Jauh", -5.0, 105.0]]
    )
    record = import_file(path, kelurahan=survey_area)
    assert record.status == SurveyImport.Status.FAILED
    assert record.report.as_json()["error"] == (
        "every row was rejected (1 outside Kelurahan Rejomulyo); nothing was imported"
    )
    assert record.report.as_json()["errors"][0]["row"] == 2


def test_lines_where_points_are_expected_fail_the_file(survey_area, tmp_path):
    import fiona
    from fiona.crs import CRS

    path = tmp_path / "jalan.gpkg"
    schema = {"geometry": "LineString", "properties": {"nama": "str"}}
    with fiona.open(
        path, "w", driver="GPKG", schema=schema, crs=CRS.from_epsg(4326)
    ) as dst:
        dst.write(
            {
                "geometry": {
                    "type": "LineString",
                    "coordinates": [(105.27, -5.12), (105.28, -5.11)],
                },
                "properties": {"nama": "Jalan"},
            }
        )
    record = import_file(path, kelurahan=survey_area)
    assert (
        record.report.as_json()["error"]
        == "holds LineString features; survey points must be points"
    )


@pytest.mark.parametrize(
    ("members", "error"),
    [
        ({"titik.geojson@": "/etc/passwd"}, "refused symbolic link 'titik.geojson'"),
        ({"titik.vrt": "<OGRVRTDataSource/>"}, "refused GDAL virtual file 'titik.vrt'"),
        ({"bomb.geojson": " " * 5_000_000}, "expands suspiciously (zip bomb?)"),
    ],
)
def test_unsafe_archives_are_refused(survey_area, tmp_path, members, error):
    record = import_file(
        write_zip(tmp_path / "unsafe.zip", members), kelurahan=survey_area
    )
    assert record.status == SurveyImport.Status.FAILED
    assert error in record.report.as_json()["error"]
    assert not Household.objects.exists()


def test_the_size_limit_is_read_when_uploading(survey_area, tmp_path, settings):
    settings.WAKUNCAR_MAX_UPLOAD_MB = 1
    path = tmp_path / "besar.csv"
    path.write_text("nama,lat,lon\n" + "Budi,-5.1,105.2\n" * 80_000)
    with pytest.raises(FileError, match=r"besar\.csv: is 1\.\d MB; the limit is 1 MB"):
        import_file(path, kelurahan=survey_area)
    assert not SurveyImport.objects.exists()


def test_a_commit_that_fails_midway_writes_nothing(survey_area, monkeypatch):
    """The INSERT runs, then the transaction fails: no household remains and
    the record says the import failed."""
    real_insert = survey_staging.Staging.insert

    def insert_then_fail(self, **kwargs):
        real_insert(self, **kwargs)
        assert Household.objects.count() == 3  # written, inside the transaction
        raise IntegrityError("simulated failure after the insert")

    monkeypatch.setattr(survey_staging.Staging, "insert", insert_then_fail)
    import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert not Household.objects.exists()
    record = SurveyImport.objects.get()
    assert record.status == SurveyImport.Status.FAILED
    # The database's own words stay off the page, for the log and the command.
    assert record.report.as_json()["error"] == "writing failed and nothing was imported"
    assert (
        record.report.as_json()["error_internal"]
        == "simulated failure after the insert"
    )


def test_a_database_constraint_on_one_row_rolls_back_every_row(
    survey_area, monkeypatch
):
    """A row the checks let through but the database refuses (members 0 breaks
    household_has_members) takes the whole file back."""
    real_insert = survey_staging.Staging.insert

    def spoil_last_row(self, **kwargs):
        self.run(
            """UPDATE {stage} SET members = 0 WHERE row = (
                SELECT max(row) FROM {place} WHERE problem IS NULL)"""
        )
        return real_insert(self, **kwargs)

    monkeypatch.setattr(survey_staging.Staging, "insert", spoil_last_row)
    import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert not Household.objects.exists()
    assert SurveyImport.objects.get().status == SurveyImport.Status.FAILED


@pytest.fixture
def other_kelurahan_of(survey_area):
    return KelurahanFactory(
        kecamatan=survey_area.kecamatan, slug="other", geom=utm_box(2000, 0, 4000, 2000)
    )


@pytest.mark.parametrize(
    ("role", "own"),
    [(Role.SURVEYOR, True), (Role.LURAH, True), (Role.CITY_ADMIN, False)],
)
def test_surveyors_and_lurah_upload_into_their_kelurahan_admins_anywhere(
    survey_area, other_kelurahan_of, role, own
):
    user = UserFactory(role=role, role__kelurahan=survey_area if own else None)
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, user=user)
    assert record.created == 3


@pytest.mark.parametrize("role", [Role.SURVEYOR, Role.LURAH, Role.PLANNER])
def test_nobody_else_uploads_into_a_kelurahan(survey_area, other_kelurahan_of, role):
    user = UserFactory(role=role, role__kelurahan=other_kelurahan_of)
    with pytest.raises(
        NotPermitted, match="may not upload households into Kelurahan Rejomulyo"
    ):
        import_file(DATA / "kobo.csv", kelurahan=survey_area, user=user)
    assert not SurveyImport.objects.exists()


def test_rejected_rows_download_as_csv_ready_to_fix(survey_area, tmp_path):
    record = import_file(
        DATA / "indonesian_locale.csv", kelurahan=survey_area, dry_run=True
    )
    kobo = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    out = io.StringIO()
    write_rejected(survey_import=kobo, out=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("row;start;end;today;deviceid;nama_kepala_keluarga")
    assert lines[0].endswith(";reason")
    assert [line.split(";")[0] for line in lines[1:]] == ["5", "6"]
    assert lines[1].endswith(";lies 600 m outside Kelurahan Rejomulyo")
    assert record.report.as_json()["errors"] == []


def test_fixed_rejected_rows_import_when_uploaded_again(survey_area, tmp_path):
    kobo = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    out = io.StringIO()
    write_rejected(survey_import=kobo, out=out)
    lat, lon = lat_lon(A)
    fixed = out.getvalue().replace(";;;;;;105;", f";;{lat};{lon};;;105;")
    (tmp_path / "fixed.csv").write_text(fixed, encoding="utf-8")
    again = import_file(tmp_path / "fixed.csv", kelurahan=survey_area)
    assert (again.created, again.rejected) == (1, 1)
    assert Household.objects.filter(head_name="Ani Lestari").exists()


def test_symlinked_and_virtual_paths_are_refused(survey_area, tmp_path):
    from spatial.io.errors import UnsafeFile
    from spatial.io.points import check_survey_file

    link = tmp_path / "link.csv"
    os.symlink(DATA / "kobo.csv", link)
    with pytest.raises(FileError, match="is not a regular local file"):
        check_survey_file(link)
    with pytest.raises(UnsafeFile, match="GDAL virtual and network paths are refused"):
        check_survey_file("/vsicurl/http://127.0.0.1:9/kobo.csv")


def test_the_service_checks_permission_again_when_committing(survey_area, users):
    record = upload_file(
        DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"]
    )
    with pytest.raises(NotPermitted):
        survey_import(survey_import=record, user=users["planner"])
    assert not Household.objects.exists()


def test_mixed_geometry_types_keep_the_points_and_name_the_rest(survey_area, tmp_path):
    lat, lon = lat_lon(A)
    features = [
        {
            "type": "Feature",
            "properties": {"nama": "Titik"},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        },
        {
            "type": "Feature",
            "properties": {"nama": "Lahan"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[lon, lat], [lon + 0.001, lat], [lon, lat + 0.001], [lon, lat]]
                ],
            },
        },
    ]
    path = tmp_path / "campur.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    record = import_file(path, kelurahan=survey_area)
    assert (record.created, reasons(record)) == (1, {2: "is a Polygon, not a point"})


def test_a_vrt_file_is_refused(survey_area, tmp_path):
    path = tmp_path / "titik.vrt"
    path.write_text(
        '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>'
        "/vsicurl/http://127.0.0.1:9/x.csv</SrcDataSource></OGRVRTLayer>"
        "</OGRVRTDataSource>"
    )
    with pytest.raises(FileError, match=r"unsupported file type \.vrt"):
        import_file(path, kelurahan=survey_area)


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened(survey_area, tmp_path):
    path = write_zip(
        tmp_path / "bom.xlsx", {"xl/worksheets/sheet1.xml": " " * 5_000_000}
    )
    record = import_file(path, kelurahan=survey_area)
    assert "expands suspiciously (zip bomb?)" in record.report.as_json()["error"]


def test_rejected_rows_as_xlsx_keep_no_kk_as_text_and_import_again(
    survey_area, tmp_path
):
    import openpyxl

    from surveys.rejects import write_rejected_xlsx

    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "no_kk", "latitude", "longitude"],
        [
            ["Sutini", "1872051203040005", "utara", lat_lon(A)[1]],
            ["Rumus", '=HYPERLINK("http://x")', *lat_lon(A)],
        ],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    out = io.BytesIO()
    write_rejected_xlsx(survey_import=record, out=out)
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("row", "nama", "no_kk", "latitude", "longitude", "reason")
    assert rows[1][:3] == ("2", "Sutini", "1872051203040005")
    # Every cell is text: no number Excel would round, no formula it would run.
    assert {cell.data_type for line in sheet.iter_rows() for cell in line} == {"s"}
    assert rows[2][2] == '=HYPERLINK("http://x")'
    # Fixed in the spreadsheet and uploaded again, the row imports.
    sheet.cell(row=2, column=4).value = str(lat_lon(A)[0])
    sheet.parent.save(tmp_path / "fixed.xlsx")
    again = import_file(tmp_path / "fixed.xlsx", kelurahan=survey_area)
    assert Household.objects.get(head_name="Sutini").kk_numbers == ["1872051203040005"]
    assert again.created == 1


def test_rejected_rows_as_csv_run_no_formula_but_keep_negative_numbers(
    survey_area, tmp_path
):
    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "latitude", "longitude"],
        [["=1+1", "-95.5", lat_lon(A)[1]]],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    out = io.StringIO()
    write_rejected(survey_import=record, out=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[1].startswith("2,'=1+1,-95.5,")


def test_rejected_rows_keep_a_survey_s_own_reason_column_and_neutralise_headers(
    survey_area, tmp_path
):
    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "alasan", '=HYPERLINK("http://x")', "latitude", "longitude"],
        [["Sutini", "pindah", "x", "utara", lat_lon(A)[1]]],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    out = io.StringIO()
    write_rejected(survey_import=record, out=out)
    header = out.getvalue().lstrip("\ufeff").splitlines()[0]
    assert header == (
        'row,nama,alasan,"\'=HYPERLINK(""http://x"")",latitude,longitude,reason'
    )


@pytest.mark.parametrize(("role", "stored"), [("surveyor", 1), ("lurah", 2)])
def test_a_surveyor_s_upload_does_not_mark_a_spot_verified(
    tmp_path, survey_area, users, role, stored
):
    """As on the map: a spot's 'verified' or 'cleared' is the lurah's call. A
    surveyor's row giving it is refused with that reason; the lurah's is
    stored."""
    from tests.surveys.fixtures import import_file, lat_lon, reasons, write_csv
    from waste.models import WastePoint

    path = write_csv(
        tmp_path / "titik.csv",
        ["latitude", "longitude", "jenis", "status"],
        [
            [*lat_lon((100, 100)), "sampah liar", "dilaporkan"],
            [*lat_lon((300, 200)), "sampah liar", "terverifikasi"],
        ],
    )
    record = import_file(
        path, kelurahan=survey_area, layer="waste_points", user=users[role]
    )
    assert record.status == SurveyImport.Status.COMMITTED, reasons(record)
    assert WastePoint.objects.count() == stored
    if role == "surveyor":
        assert "lurah" in reasons(record)[3]
        assert WastePoint.objects.get().status == "reported"
