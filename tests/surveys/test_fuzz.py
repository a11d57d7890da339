"""Malformed survey files, made by hypothesis: CSV, GPX, KML, GeoJSON and zip
files that are nearly right, truncated or nonsense. Fed to the importer's
service and to the upload page, none may cause anything but an answer of the
error family (a message naming the file), and nothing is ever written in part:
either every accepted row is stored and the record says how many, or nothing.

Bounded: a few dozen examples per format keep the whole module near 30 s on
the 2-core machine; ``HYPOTHESIS_PROFILE=long`` runs ten times as many."""

import io
import json
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from households.models import Household
from spatial.errors import WakuncarError
from surveys.models import SurveyImport
from surveys.services import survey_import
from surveys.storage import survey_upload
from tests.surveys.fixtures import lat_lon

pytestmark = pytest.mark.django_db

settings.register_profile(
    "suite",
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Inside the survey area's RTs, near its edge, outside it, and nonsense.
INSIDE = [lat_lon((100 + 37 * i, 120 + 11 * i)) for i in range(6)]
COORDINATE = st.one_of(
    st.sampled_from([c for point in INSIDE for c in point]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from(["", "-", "1e400", "5,117", "−5.1", "NaN", "0x10", "  "]),
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
CELL = st.one_of(TEXT, COORDINATE.map(str), st.sampled_from(["1872051203040001"]))
HEADERS = st.lists(
    st.sampled_from(
        [
            "nama_kepala_keluarga",
            "no_kk",
            "jumlah_anggota",
            "lintang",
            "bujur",
            "latitude",
            "longitude",
            "_lokasi_latitude",
            "_lokasi_longitude",
            "lokasi",
            "geometry",
            "wkt",
            "alamat",
            "rt",
            "rw",
            "_uuid",
        ]
    )
    | TEXT,
    min_size=0,
    max_size=8,
)


@st.composite
def csv_files(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(HEADERS)
    rows = draw(
        st.lists(st.lists(CELL, min_size=0, max_size=len(header) + 2), max_size=6)
    )
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[: cut or len(data)] + draw(st.binary(max_size=8))


def xml_points(draw, template):
    points = draw(st.lists(st.tuples(COORDINATE, COORDINATE, TEXT), max_size=5))
    body = "".join(
        template.format(lat=lat, lon=lon, name=name) for lat, lon, name in points
    )
    return body


@st.composite
def gpx_files(draw):
    body = xml_points(draw, '<wpt lat="{lat}" lon="{lon}"><name>{name}</name></wpt>')
    junk = draw(st.sampled_from(["", "<trk><trkseg>", "<!DOCTYPE x>", "&amp;", "<"]))
    text = (
        '<?xml version="1.0"?><gpx version="1.1" '
        f'xmlns="http://www.topografix.com/GPX/1/1">{junk}{body}</gpx>'
    )
    data = text.encode("utf-8", errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[: cut or len(data)]


@st.composite
def kml_files(draw):
    body = xml_points(
        draw,
        "<Placemark><name>{name}</name><Point><coordinates>{lon},{lat}"
        "</coordinates></Point></Placemark>",
    )
    nest = draw(st.integers(min_value=0, max_value=3))
    text = (
        '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        + "<Folder>" * nest
        + body
        + "</Folder>" * draw(st.integers(min_value=0, max_value=nest))
        + "</kml>"
    )
    data = text.encode("utf-8", errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[: cut or len(data)]


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def geojson_files(draw):
    geometry = draw(
        st.one_of(
            st.builds(
                lambda t, c: {"type": t, "coordinates": c},
                st.sampled_from(
                    ["Point", "MultiPoint", "LineString", "Polygon", "Nope"]
                ),
                st.one_of(
                    st.tuples(COORDINATE, COORDINATE).map(list),
                    st.lists(st.tuples(COORDINATE, COORDINATE).map(list), max_size=4),
                    JSON_VALUE,
                ),
            ),
            st.just(None),
            JSON_VALUE,
        )
    )
    features = [
        {
            "type": draw(st.sampled_from(["Feature", "feature", "Thing"])),
            "geometry": geometry,
            "properties": draw(
                st.one_of(
                    st.dictionaries(
                        st.sampled_from(
                            ["nama_kepala_keluarga", "no_kk", "jumlah_anggota"]
                        )
                        | TEXT,
                        CELL,
                        max_size=4,
                    ),
                    JSON_VALUE,
                )
            ),
        }
        for _ in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    doc = draw(
        st.sampled_from(
            [
                {"type": "FeatureCollection", "features": features},
                {"type": "FeatureCollection"},
                features,
                {"type": "Feature", "geometry": geometry},
            ]
        )
    )
    data = json.dumps(doc, allow_nan=True).encode()
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[: cut or len(data)]


@st.composite
def zip_files(draw):
    buffer = io.BytesIO()
    names = draw(
        st.lists(
            st.sampled_from(
                [
                    "titik.shp",
                    "titik.shx",
                    "titik.dbf",
                    "titik.prj",
                    "titik.cpg",
                    "data/titik.shp",
                    "lain.csv",
                    "../keluar.shp",
                    "/etc/passwd",
                    "a.gpkg",
                    "doc.kml",
                ]
            ),
            max_size=5,
            unique=True,
        )
    )
    inner = draw(st.one_of(csv_files(), kml_files(), st.binary(max_size=200)))
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(
                name,
                inner
                if name.endswith((".csv", ".kml"))
                else draw(st.binary(max_size=120)),
            )
    data = buffer.getvalue()
    cut = draw(st.integers(min_value=0, max_value=len(data)))
    return data[: cut or len(data)]


FILES = {
    "csv": csv_files(),
    "gpx": gpx_files(),
    "kml": kml_files(),
    "geojson": geojson_files(),
    "zip": zip_files(),
}


def check_whole_or_nothing(before, record):
    """Either the accepted rows are all stored, as the record says, or none."""
    stored = Household.objects.count() - before
    record.refresh_from_db()
    if record.status == SurveyImport.Status.COMMITTED:
        assert stored == record.created
    else:
        assert stored == 0


@pytest.mark.parametrize("suffix", list(FILES))
def test_the_importer_answers_every_malformed_file_with_a_message(
    suffix, survey_area, users
):
    @PROFILE
    @given(data=FILES[suffix])
    def run(data):
        before = Household.objects.count()
        try:
            record = survey_upload(
                file=ContentFile(data, name=f"survei.{suffix}"),
                filename=f"survei.{suffix}",
                layer="households",
                kelurahan=survey_area,
                user=users["lurah"],
            )
        except WakuncarError as exc:
            assert exc.message
            assert Household.objects.count() == before
            return
        try:
            survey_import(survey_import=record, user=users["lurah"])
        except WakuncarError as exc:
            assert str(exc)
        check_whole_or_nothing(before, record)

    run()


@pytest.mark.parametrize("suffix", list(FILES))
def test_the_upload_page_never_fails_on_a_malformed_file(
    suffix, client, survey_area, users
):
    client.force_login(users["lurah"])

    @PROFILE
    @given(data=FILES[suffix])
    def run(data):
        before = Household.objects.count()
        response = client.post(
            reverse("uploads:new"),
            {
                "layer": "households",
                "kelurahan": survey_area.pk,
                "file": SimpleUploadedFile(f"survei.{suffix}", data),
            },
        )
        assert response.status_code in (200, 302, 400), response.status_code
        # The page previews; only a commit writes.
        assert Household.objects.count() == before

    run()


def test_a_csv_with_a_nul_byte_is_refused_with_a_message(survey_area, users):
    """Found by the fuzzing above: a NUL in a header made the failed record's
    report unstorable (jsonb has no U+0000), a server error on the page."""
    data = b"nama_kepala_keluarga,lintang\x00,bujur\nBudi,-5.1,105.3\n"
    record = survey_upload(
        file=ContentFile(data, name="nul.csv"),
        filename="nul.csv",
        layer="households",
        kelurahan=survey_area,
        user=users["lurah"],
    )
    survey_import(survey_import=record, user=users["lurah"])
    record.refresh_from_db()
    assert record.status == SurveyImport.Status.FAILED
    assert "holds NUL bytes" in record.report.as_json()["error"]
    assert not Household.objects.exists()
