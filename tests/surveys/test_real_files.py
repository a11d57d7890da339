"""Survey files as they come from the field (issue 9.11): each is read, or
refused with the real reason first, through the service, the command and
the page."""

import io
import zipfile

import fiona
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from fiona.crs import CRS
from fiona.transform import transform

from households.models import Household
from surveys.models import SurveyImport
from tests.surveys.fixtures import (
    DATA,
    A,
    B,
    C,
    import_file,
    lat_lon,
    reasons,
    write_csv,
)
from tests.surveys.test_views import upload
from waste.models import Kind, WastePoint

pytestmark = pytest.mark.django_db

# A local transverse Mercator a survey office might define: no EPSG code.
LOCAL_TM = (
    'PROJCS["Metro lokal TM",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",'
    '6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",'
    '0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["latitude_of_origin",-5],PARAMETER["central_meridian",105.3],'
    'PARAMETER["scale_factor",1],PARAMETER["false_easting",50000],'
    'PARAMETER["false_northing",50000],UNIT["metre",1]]'
)


def write_layer(path, *, geometry, rows, crs=None, driver="GPKG", fields=None):
    fields = fields or {"nama": "str"}
    schema = {"geometry": geometry, "properties": fields}
    with fiona.open(path, "w", driver=driver, schema=schema, crs=crs) as dst:
        for geom, props in rows:
            dst.write({"geometry": geom, "properties": props})
    return path


def zip_folder(folder, *, without=()):
    archive = folder.parent / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            if part.suffix not in without:
                zf.write(part, part.name)
    return archive


def command(path, *args):
    out = io.StringIO()
    call_command(
        "import_survey",
        str(path),
        "--layer",
        args[0] if args else "households",
        "--kelurahan",
        "rejomulyo",
        *args[1:],
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def attribute_table(tmp_path, header, row):
    """A GeoPackage table without a geometry column, as QGIS saves a sheet."""
    import subprocess

    source = write_csv(tmp_path / "tabel.csv", header, [row])
    path = tmp_path / "tabel.gpkg"
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(path), str(source), "-oo", "AUTODETECT_TYPE=YES"],
        check=True,
    )
    return path


def test_a_table_without_geometry_is_read_by_its_coordinate_columns(
    survey_area, tmp_path
):
    path = attribute_table(
        tmp_path, ["nama", "lintang", "bujur"], ["Tarmi", *lat_lon(A)]
    )
    record = import_file(path, kelurahan=survey_area)
    assert (record.status, record.created) == ("committed", 1)
    assert (
        "the layer has no geometry; coordinates come from columns"
        in (record.report.as_json()["notes"])
    )


def test_a_table_without_geometry_or_coordinates_says_so_first(survey_area, tmp_path):
    path = attribute_table(tmp_path, ["nama", "alamat"], ["Tarmi", "Jl. Mawar"])
    record = import_file(path, kelurahan=survey_area)
    assert record.report.as_json()["error"].startswith(
        "the layer has no geometry, and no coordinate columns were found among "
        "nama, alamat"
    )
    assert "EPSG" not in record.report.as_json()["error"]


def test_polygons_say_they_are_no_points_before_anything_about_their_crs(
    survey_area, tmp_path
):
    folder = tmp_path / "lahan"
    folder.mkdir()
    square = {
        "type": "Polygon",
        "coordinates": [[(0, 0), (10, 0), (10, 10), (0, 0)]],
    }
    write_layer(
        folder / "lahan.shp",
        geometry="Polygon",
        driver="ESRI Shapefile",
        rows=[(square, {"nama": "Kebun"})],
    )
    record = import_file(zip_folder(folder, without={".prj"}), kelurahan=survey_area)
    assert record.report.as_json()["error"] == (
        "holds Polygon features; survey points must be points"
    )


def test_a_wkt_crs_without_an_epsg_code_is_transformed_as_it_stands(
    survey_area, tmp_path
):
    folder = tmp_path / "lokal"
    folder.mkdir()
    points = [lat_lon(xy) for xy in (A, C)]
    xs, ys = transform(
        "EPSG:4326", LOCAL_TM, [lon for _, lon in points], [lat for lat, _ in points]
    )
    write_layer(
        folder / "rumah.shp",
        geometry="Point",
        driver="ESRI Shapefile",
        crs=CRS.from_wkt(LOCAL_TM),
        rows=[
            ({"type": "Point", "coordinates": (x, y)}, {"nama": f"R{n}"})
            for n, (x, y) in enumerate(zip(xs, ys, strict=True))
        ],
    )
    record = import_file(zip_folder(folder), kelurahan=survey_area)
    assert (record.created, record.report.as_json()["srid"]) == (2, None)
    assert "Transverse_Mercator" in record.report.as_json()["crs_wkt"]
    stored = Household.objects.get(head_name="R1")
    assert (stored.geom.y, stored.geom.x) == pytest.approx(points[1], abs=1e-6)
    assert stored.rt.number == 4


def test_a_zipped_shapefile_without_its_shx_names_it(survey_area, tmp_path):
    folder = tmp_path / "titik"
    folder.mkdir()
    lat, lon = lat_lon(A)
    write_layer(
        folder / "titik.shp",
        geometry="Point",
        driver="ESRI Shapefile",
        crs=CRS.from_epsg(4326),
        rows=[({"type": "Point", "coordinates": (lon, lat)}, {"nama": "X"})],
    )
    record = import_file(zip_folder(folder, without={".shx"}), kelurahan=survey_area)
    assert record.report.as_json()["error"] == (
        "the shapefile titik.shp has no titik.shx; zip it together with its .shx, "
        ".dbf and .prj"
    )


def write_xlsform(path):
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["geopoint", "lokasi", "Lokasi rumah"])
    workbook.create_sheet("choices").append(["list_name", "name", "label"])
    workbook.save(path)
    return path


def test_an_xlsform_is_recognised_as_a_form_not_its_answers(survey_area, tmp_path):
    record = import_file(write_xlsform(tmp_path / "form.xlsx"), kelurahan=survey_area)
    assert record.report.as_json()["error"].startswith(
        "is an XLSForm, the definition of a form, not its answers"
    )
    with pytest.raises(CommandError, match="is an XLSForm"):
        command(tmp_path / "form.xlsx")


@pytest.mark.parametrize(
    "header",
    [
        ["group_rumah/nama_kk", "location.latitude", "location.longitude"],
        ["group_rumah/nama_kk", "group/gps/_latitude", "group/gps/_longitude"],
    ],
)
def test_grouped_column_names_are_found(survey_area, tmp_path, header):
    path = write_csv(tmp_path / "kobo.csv", header, [["Sumiati", *lat_lon(A)]])
    record = import_file(path, kelurahan=survey_area)
    assert Household.objects.get().head_name == "Sumiati"
    assert record.report.as_json()["mapping"][header[1]] == "latitude"


def test_kobo_n_a_in_every_geo_cell_means_no_coordinates(survey_area, tmp_path):
    path = write_csv(
        tmp_path / "kobo.csv",
        ["nama", "_lokasi_latitude", "_lokasi_longitude"],
        [["Tanpa", "n/a", "n/a"], ["Ada", *lat_lon(A)]],
    )
    record = import_file(path, kelurahan=survey_area)
    assert reasons(record) == {2: "has no coordinates"}


def gpx_with_types(path, kinds):
    points = "".join(
        f'<wpt lat="{lat}" lon="{lon}"><name>T{n}</name><type>{kind}</type></wpt>'
        for n, ((lat, lon), kind) in enumerate(
            zip([lat_lon(xy) for xy in (A, B, C)], kinds, strict=True)
        )
    )
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="x" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{points}</gpx>'
    )
    return path


def test_a_gpx_type_of_no_kind_is_left_unused_with_a_note(survey_area, tmp_path):
    path = gpx_with_types(tmp_path / "titik.gpx", ["Waypoint", "user", "Waypoint"])
    record = import_file(path, kelurahan=survey_area, layer="waste_points")
    assert record.report.as_json()["error_code"] == "missing_field"
    assert (
        "column 'type' is not used for kind: none of its first values is one "
        "(choose the column if it is meant)"
    ) in record.report.as_json()["notes"]
    filled = import_file(
        path, kelurahan=survey_area, layer="waste_points", fill={"kind": "sampah liar"}
    )
    assert filled.created == 3
    assert set(WastePoint.objects.values_list("kind", flat=True)) == {
        Kind.ILLEGAL_DUMPING
    }


def test_an_explicit_fill_beats_a_column_found_by_its_name(survey_area, tmp_path):
    path = gpx_with_types(tmp_path / "titik.gpx", ["TPS", "bank sampah", "TPS"])
    out = command(path, "waste_points", "--fill", "kind=sampah liar")
    assert "column 'type' is not used for kind: one value is given" in out
    assert set(WastePoint.objects.values_list("kind", flat=True)) == {
        Kind.ILLEGAL_DUMPING
    }
    WastePoint.objects.all().delete()
    command(path, "waste_points", "--fill", "kind=sampah liar", "--map", "type=kind")
    assert WastePoint.objects.filter(kind=Kind.TPS).count() == 2


def cp850_csv(path):
    lat, lon = lat_lon(A)
    text = f"nama;lintang;bujur\nMüller Éndah;{lat};{lon}\n".replace(".", ",")
    path.write_bytes(text.encode("cp850"))
    return path


def test_a_csv_in_another_code_page_asks_for_its_encoding(survey_area, tmp_path):
    path = cp850_csv(tmp_path / "dos.csv")
    record = import_file(path, kelurahan=survey_area)
    assert record.report.as_json()["error_code"] == "bad_encoding"
    assert record.report.as_json()["error"].startswith(
        "text is not in cp1252; choose the file's text encoding"
    )
    assert "--encoding" not in record.report.as_json()["error"]
    with pytest.raises(CommandError, match=r"\(--encoding ENCODING, e\.g\. cp1252"):
        command(path)
    command(path, "households", "--encoding", "cp850")
    assert Household.objects.get().head_name == "Müller Éndah"


def test_the_page_asks_for_the_encoding_in_its_own_words(
    client, users, survey_area, tmp_path
):
    client.cookies.load({"django_language": "en"})
    client.force_login(users["surveyor"])
    upload(client, survey_area, "dos.csv", path=cp850_csv(tmp_path / "dos.csv"))
    record = SurveyImport.objects.get()
    html = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert record.report.as_json()["error_code"] == "bad_encoding", record.report
    assert "Give the file's text encoding below and check again." in html
    assert 'name="encoding"' in html
    assert "--encoding" not in html
    check = reverse("uploads:check", args=[record.pk])
    refused = client.post(check, {"encoding": "klingon"})
    assert refused.status_code == 400
    client.post(check, {"encoding": "cp850"})
    record.refresh_from_db()
    assert (record.status, record.report.as_json()["new"]) == ("previewed", 1)


def test_an_implausible_altitude_is_warned_like_a_poor_fix(survey_area, tmp_path):
    lat, lon = lat_lon(A)
    path = write_csv(
        tmp_path / "odk.csv",
        ["nama", "lokasi"],
        [["Tinggi", f"{lat} {lon} 9999 4.0"], ["Wajar", f"{lat} {lon} 45 4.0"]],
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    assert record.report.as_json()["warnings"] == [
        {
            "row": 2,
            "reason": "altitude 9999 m is implausible here (-50 to 500 m expected); "
            "the GPS fix may be poor",
        }
    ]


def test_the_no_shx_and_xlsform_files_committed_for_tests_are_refused(survey_area):
    """The committed bad files keep failing with their reasons."""
    record = import_file(DATA / "no_shp.zip", kelurahan=survey_area)
    assert record.report.as_json()["error"].startswith("the archive holds no .shp")
