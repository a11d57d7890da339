"""Reading survey files as tables, and finding where their coordinates are,
without the database."""

import codecs

import pytest

from spatial.io.errors import FileError, UnsafeFile
from spatial.io.points import open_survey_file
from spatial.io.table import GEOMETRY
from surveys.coordinates import Locator, detect
from tests.surveys.fixtures import DATA, write_csv


def rows_of(path, **kwargs):
    with open_survey_file(path, **kwargs) as table:
        return table, list(table.rows)


def test_kobo_csv_is_read_with_semicolons_and_its_geopoint_columns_found():
    table, rows = rows_of(DATA / "kobo.csv")
    assert (table.delimiter, len(rows), rows[0][0]) == (";", 5, 2)
    mapping = detect(table.columns, table.sample)
    assert {f: c for c, f in mapping.items()} == {
        "latitude": "_lokasi_latitude",
        "longitude": "_lokasi_longitude",
        "elevation_m": "_lokasi_altitude",
        "gps_accuracy_m": "_lokasi_precision",
        "captured_at": "end",
        "device": "deviceid",
        "external_id": "_uuid",
    }


def test_indonesian_locale_csv_reads_as_cp1252_with_decimal_commas():
    table, rows = rows_of(DATA / "indonesian_locale.csv")
    assert (table.delimiter, table.columns[1:3]) == (";", ["lintang", "bujur"])
    assert rows[0][1][6] == "Dasawisma Melati–1"
    locator = Locator(table.columns, detect(table.columns, table.sample))
    assert locator.read(rows[0][1]) == (105.2715763, -5.1196806, None, None)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16", b"")],
)
def test_csv_text_encodings(tmp_path, encoding, bom):
    path = tmp_path / "t.csv"
    path.write_bytes(
        bom + "nama,lat,lon\nSyaifuddin Ma’ruf,-5.1,105.3\n".encode(encoding)
    )
    _, rows = rows_of(path)
    assert rows == [(2, ["Syaifuddin Ma’ruf", "-5.1", "105.3"])]


@pytest.mark.parametrize(
    ("header", "found"),
    [
        (["lat", "lon"], ("lat", "lon")),
        (["Latitude", "Longitude"], ("Latitude", "Longitude")),
        (["lintang", "bujur"], ("lintang", "bujur")),
        (["y", "x"], ("y", "x")),
        (["LAT", "LNG"], ("LAT", "LNG")),
        (["lat", "long"], ("lat", "long")),
        (
            ["_titik_latitude", "_titik_longitude"],
            ("_titik_latitude", "_titik_longitude"),
        ),
        (["titik-Latitude", "titik-Longitude"], ("titik-Latitude", "titik-Longitude")),
    ],
)
def test_latitude_and_longitude_columns_by_their_common_names(header, found):
    mapping = detect(["nama", *header], [])
    assert (
        next(c for c, f in mapping.items() if f == "latitude"),
        next(c for c, f in mapping.items() if f == "longitude"),
    ) == found


def test_geopoint_and_geometry_columns_are_found_by_content():
    sample = [(2, ["Budi", "-5.1 105.3 40 5", "POINT (105.3 -5.1)"])]
    assert detect(["nama", "titik", "bentuk"], sample) == {"titik": "geopoint"}
    assert detect(
        ["nama", "alamat", "bentuk"], [(2, ["Budi", "Jl. Mawar", "POINT (1 2)"])]
    ) == {"bentuk": "geometry"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-5.1196806 105.2715763 45.2 4.8", (105.2715763, -5.1196806, 45.2, 4.8)),
        ("-5,1196806 105,2715763", (105.2715763, -5.1196806, None, None)),
        ("-5.1196806, 105.2715763", (105.2715763, -5.1196806, None, None)),
        ("-5.1196806;105.2715763;45", (105.2715763, -5.1196806, 45.0, None)),
    ],
)
def test_geopoint_strings(text, expected):
    assert Locator(["lokasi"], {"lokasi": "geopoint"}).read([text]) == expected


def test_gpx_waypoints_by_default_and_track_points_on_request():
    table, rows = rows_of(DATA / "waypoints.gpx")
    assert (table.row_label, len(rows), table.layers) == (
        "waypoint",
        3,
        ["waypoints", "track_points"],
    )
    named = dict(zip(table.columns, rows[0][1], strict=True))
    assert (named["name"], named["ele"], named["creator"]) == (
        "TPS Mawar",
        "45.3",
        "Garmin eTrex 10",
    )
    _, tracks = rows_of(DATA / "waypoints.gpx", layer="track_points")
    assert len(tracks) == 2


def test_kml_placemarks_keep_their_folder_path():
    table, rows = rows_of(DATA / "nested.kml")
    folders = [dict(zip(table.columns, r, strict=True))["folder"] for _, r in rows]
    assert folders == [
        "Kelurahan Rejomulyo / RW 001",
        "Kelurahan Rejomulyo / RW 001",
        "Kelurahan Rejomulyo / RW 001",
        "Kelurahan Rejomulyo / RW 002",
    ]
    assert rows[2][1][table.columns.index(GEOMETRY)] == {"type": "LineString"}


@pytest.mark.parametrize("name", ["xxe.gpx", "xxe.kml"])
def test_xml_entities_are_refused_before_parsing(name):
    with pytest.raises(UnsafeFile, match="XML entity declarations"):
        rows_of(DATA / name)


def test_a_gpx_without_waypoints_points_to_its_tracks(tmp_path):
    path = tmp_path / "trek.gpx"
    path.write_text(
        '<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        '<trkpt lat="-5.1" lon="105.3"/></trkseg></trk></gpx>'
    )
    with pytest.raises(
        FileError, match="has no waypoints; it has 1 track_points: choose that layer"
    ):
        rows_of(path)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
    ],
)
def test_csv_delimiters(tmp_path, text, delimiter):
    (tmp_path / "d.csv").write_text(text)
    table, _ = rows_of(tmp_path / "d.csv")
    assert table.delimiter == delimiter


def test_a_single_column_csv_is_refused(tmp_path):
    write_csv(tmp_path / "one.csv", ["nama"], [["Budi"]])
    with pytest.raises(FileError, match="has a single column"):
        rows_of(tmp_path / "one.csv")


def test_blank_rows_are_skipped_but_numbering_follows_the_file(tmp_path):
    (tmp_path / "gaps.csv").write_text("a,b\n1,2\n,\n\n3,4\n")
    _, rows = rows_of(tmp_path / "gaps.csv")
    assert [n for n, _ in rows] == [2, 5]
