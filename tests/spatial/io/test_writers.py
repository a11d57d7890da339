"""The writers on their own: columns and rows in, files that GDAL 3.6's ogrinfo,
openpyxl and Python's csv module read back as written."""

import csv
import datetime as dt
import zipfile

import pytest
import shapely
from openpyxl import load_workbook

from spatial.errors import InvalidInput
from spatial.io.writers import (
    FORMATS,
    Column,
    Layer,
    check_shapefile_names,
    neutralised,
    tables,
    write_layers,
)
from tests.ogrinfo import layers, ogrinfo

COLUMNS = (
    Column("id", "int64", "id"),
    Column("head_name", "str", "head of household", width=32),
    Column("members", "int", "number of members"),
    Column("gps_accuracy_m", "float", "GPS accuracy (m)", short="gps_acc_m"),
    Column("waste_sorted", "bool", "sorts waste", short="waste_sort"),
    Column("survey_date", "date", "survey date", short="survey_dt"),
    Column("captured_at", "datetime", "captured at", short="captured"),
)
CAPTURED = dt.datetime(2022, 3, 1, 1, 2, 3, tzinfo=dt.UTC)
ROWS = [
    (1, "Ni Ketut Ayu Sriwahyuni Ñoman", 4, 3.5, True, dt.date(2022, 3, 1), CAPTURED),
    (2, "José Évora", 1, -1.25, None, None, None),
]


def point_layer(rows=ROWS, *, name="households", srid=4326, columns=COLUMNS):
    points = [shapely.to_wkb(shapely.Point(105.3 + i / 1000, -5.1)) for i in range(9)]
    return Layer(
        name,
        columns,
        [[(points[i], *row) for i, row in enumerate(rows)]],
        geometry_type="Point",
        srid=srid,
    )


def written(tmp_path, format, layer=None):
    path = tmp_path / f"out{FORMATS[format].suffix}"
    write_layers(path, [layer or point_layer()], format=format, about=["Test."])
    return path


def test_zipped_shapefile_holds_every_part_and_a_field_dictionary(tmp_path):
    path = written(tmp_path, "shp")
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        cpg = archive.read("households.cpg").decode()
        dictionary = archive.read("households_fields.csv").decode().splitlines()
        readme = archive.read("README.txt").decode()
    assert names == [
        "README.txt",
        "households.cpg",
        "households.dbf",
        "households.prj",
        "households.shp",
        "households.shx",
        "households_fields.csv",
    ]
    assert cpg == "UTF-8"
    assert dictionary[0] == "short_name,name,label_id,label_en,type,codes_id,codes_en"
    assert (
        "gps_acc_m,gps_accuracy_m,GPS accuracy (m),GPS accuracy (m),decimal number,,"
        in dictionary
    )
    assert readme.startswith("households: 2 features, EPSG:4326\nTest.\n")


def test_shapefile_keeps_numbers_dates_and_yes_no_typed(tmp_path):
    info = layers(f"/vsizip/{written(tmp_path, 'shp')}/households.shp")["households"]
    assert info.fields == {
        "id": "Integer64",
        "head_name": "String",
        "members": "Integer",
        "gps_acc_m": "Real",
        "waste_sort": "String",  # dBASE logical (T/F/?), which GDAL 3.6 reads so
        "survey_dt": "Date",
        "captured": "String",
    }
    assert info.widths["head_name"] == 32
    assert (info.features, info.epsg) == (2, 4326)


def test_shapefile_text_is_utf8_and_values_survive(tmp_path):
    listing = ogrinfo(f"/vsizip/{written(tmp_path, 'shp')}/households.shp")
    assert "head_name (String) = Ni Ketut Ayu Sriwahyuni Ñoman" in listing
    assert "head_name (String) = José Évora" in listing
    assert "gps_acc_m (Real) = -1.250000000000000" in listing
    assert "survey_dt (Date) = 2022/03/01" in listing
    # Times in WIB, with their offset: 01:02:03 UTC is 08:02:03 in Kota Metro.
    assert "captured (String) = 2022-03-01T08:02:03+07:00" in listing
    assert "waste_sort (String) = T" in listing


def test_shapefile_notes_text_cut_at_the_dbase_limit(tmp_path):
    columns = (Column("notes", "str", "notes", width=300),)
    layer = point_layer([("é" * 150,)], columns=columns)
    with pytest.warns(RuntimeWarning, match="truncated to 254"):
        path = written(tmp_path, "shp", layer)
    with zipfile.ZipFile(path) as archive:
        readme = archive.read("README.txt").decode()
    assert "was cut in: notes" in readme


def test_empty_layer_still_makes_a_readable_shapefile(tmp_path):
    path = written(tmp_path, "shp", point_layer([]))
    assert layers(f"/vsizip/{path}/households.shp")["households"].features == 0


@pytest.mark.parametrize(
    "columns, message",
    [
        ((Column("collection_schedule", "str"),), "is too long"),
        (
            (Column("reported_rt", "int", short="rep"), Column("rep", "int")),
            "share shapefile name rep",
        ),
    ],
)
def test_shapefile_names_must_fit_dbase_and_differ(columns, message):
    with pytest.raises(ValueError, match=message):
        check_shapefile_names(columns)


def test_geopackage_holds_several_layers_with_full_names(tmp_path):
    path = tmp_path / "all.gpkg"
    utm = point_layer(name="waste_points", srid=32748)
    write_layers(path, [point_layer(), utm], format="gpkg")
    found = layers(path)
    assert sorted(found) == ["households", "waste_points"]
    assert found["waste_points"].epsg == 32748
    assert found["households"].fields == {
        "id": "Integer64",
        "head_name": "String",
        "members": "Integer",
        "gps_accuracy_m": "Real",
        "waste_sorted": "Integer(Boolean)",
        "survey_date": "Date",
        "captured_at": "DateTime",
    }


@pytest.mark.parametrize("format", ["geojson", "kml"])
def test_geojson_and_kml_open_in_gdal_with_utf8_text(tmp_path, format):
    path = written(tmp_path, format)
    assert layers(path)["households"].features == 2
    assert "Ni Ketut Ayu Sriwahyuni Ñoman" in ogrinfo(path)


def test_kml_placemarks_are_named_by_the_name_column(tmp_path):
    columns = (Column("name", "str", "name"),)
    path = written(
        tmp_path, "kml", point_layer([("TPS Hadimulyo Barat",)], columns=columns)
    )
    assert "<name>TPS Hadimulyo Barat</name>" in path.read_text()


def test_more_than_one_layer_needs_a_geopackage(tmp_path):
    with pytest.raises(ValueError, match="csv holds one layer, not 2"):
        write_layers(tmp_path / "x.csv", [point_layer(), point_layer()], format="csv")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Jl. Mawar No. 12", "Jl. Mawar No. 12"),
        ("3-4 orang", "3-4 orang"),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(text, expected):
    assert neutralised(text) == expected


def formula_layer():
    columns = (Column("address", "str"), Column("elevation_m", "float"))
    return point_layer([("=1+1", -3.5), ("@cmd", 2.0)], columns=columns)


def test_csv_neutralises_formulas_but_keeps_negative_numbers(tmp_path):
    with open(written(tmp_path, "csv", formula_layer()), newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["address", "elevation_m", "wkt"]
    assert [row[:2] for row in rows[1:]] == [["'=1+1", "-3.5"], ["'@cmd", "2.0"]]


def test_csv_carries_full_precision_wkt_and_typed_text(tmp_path):
    with open(written(tmp_path, "csv"), newline="", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    assert first == {
        "id": "1",
        "head_name": "Ni Ketut Ayu Sriwahyuni Ñoman",
        "members": "4",
        "gps_accuracy_m": "3.5",
        "waste_sorted": "true",
        "survey_date": "2022-03-01",
        "captured_at": "2022-03-01T08:02:03+07:00",
        "wkt": "POINT (105.3 -5.1)",
    }


def test_xlsx_cells_are_typed_and_formulas_neutralised(tmp_path):
    book = load_workbook(written(tmp_path, "xlsx", formula_layer()))
    sheet = book["households"]
    assert [c.value for c in sheet[1]] == ["address", "elevation_m", "wkt"]
    assert [(c.value, c.data_type) for c in sheet[2]][:2] == [
        ("'=1+1", "s"),
        (-3.5, "n"),
    ]
    assert book["README"]["A1"].value == "Test."


def test_xlsx_keeps_dates_as_dates(tmp_path):
    sheet = load_workbook(written(tmp_path, "xlsx"))["households"]
    assert sheet["F2"].value == dt.datetime(2022, 3, 1)
    assert sheet["F2"].is_date
    # Excel has no zones: the wall time in WIB, as the README sheet says.
    assert sheet["G2"].value == dt.datetime(2022, 3, 1, 8, 2, 3)


def test_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "XLSX_MAX_DATA_ROWS", 1)
    with pytest.raises(InvalidInput, match="more rows than a spreadsheet holds"):
        written(tmp_path, "xlsx")


@pytest.mark.parametrize("format", ["gpkg", "geojson", "kml"])
def test_times_are_stored_in_wib_with_their_offset(tmp_path, format):
    """01:02:03 UTC is 08:02:03 in Kota Metro: a planner reads the time of day
    it was there, and GDAL knows its zone."""
    listing = ogrinfo(written(tmp_path, format))
    # KML keeps times as text; the others as GDAL date-times.
    stored = {"kml": "2022-03-01T08:02:03+07:00"}.get(format, "2022/03/01 08:02:03+07")
    assert stored in listing, listing
