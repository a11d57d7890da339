"""The export page."""

import tempfile

import pytest
from django.test import Client
from django.urls import reverse

from exports.models import ExportLog
from tests.ogrinfo import layers

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # Messages are asserted in English; the page defaults to Indonesian.
    client.cookies.load({"django_language": "en"})
    return client


PERSONAL = {"head_name", "kk_numbers", "address"}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files of the exports go here, so the test can see them go."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def download(response, tmp_path, name):
    # Reading the stream to its end closes the response, as a server would.
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return path


def post(client, **data):
    fields = {"layer": "households", "format": "gpkg", "srid": "4326"} | data
    return client.post(reverse("exports:page"), fields)


def test_the_public_is_offered_boundaries_only(client, kelurahan):
    response = client.get(reverse("exports:page"))
    assert response.status_code == 200
    choices = [v for v, _ in response.context["layer_form"].fields["layer"].choices]
    assert choices == ["kecamatan", "kelurahan", "rw", "rt", "all"]
    assert response.context["summary_form"] is None


def test_the_public_cannot_download_households(client, household):
    response = post(client)
    assert response.status_code == 400
    assert "households is not one of the available choices" in response.text
    assert not ExportLog.objects.exists()


def test_a_planner_downloads_households_without_personal_fields(
    client, users, household, tmp_path, private_tmp
):
    client.force_login(users["planner"])
    response = post(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="households-kota-metro-'
    )
    fields = layers(download(response, tmp_path, "h.gpkg"))["households"].fields
    assert not PERSONAL & set(fields)
    assert list(private_tmp.iterdir()) == []
    assert ExportLog.objects.get().user == users["planner"]


def test_a_lurah_downloads_a_zipped_shapefile_of_their_kelurahan(
    client, users, household, tmp_path
):
    client.force_login(users["lurah"])
    response = post(client, format="shp", kelurahan="rejomulyo")
    path = download(response, tmp_path, "h.zip")
    info = layers(f"/vsizip/{path}/households.shp")["households"]
    assert info.features == 1
    assert "head_name" in info.fields


def test_a_service_refusal_comes_back_on_the_page_with_its_status(client, users):
    client.force_login(users["planner"])
    response = post(client, layer="rt", format="kml", srid="32748")
    assert response.status_code == 400
    assert "KML is always in WGS 84 (EPSG:4326)." in response.text
    assert response.context["layer_form"]["format"].value() == "kml"


def test_an_unknown_rt_is_not_found(client, users):
    client.force_login(users["planner"])
    response = post(client, rt="18.72.99.9999.001.001")
    assert response.status_code == 404
    assert "There is no RT with code 18.72.99.9999.001.001." in response.text


def test_a_planner_downloads_the_summary_per_rt(client, users, household, tmp_path):
    client.force_login(users["planner"])
    response = client.post(
        reverse("exports:summary"), {"per": "rt", "format": "csv", "kelurahan": ""}
    )
    text = download(response, tmp_path, "s.csv").read_text()
    # The headers follow the language the user chose (English here).
    assert text.startswith("Kecamatan,Kelurahan,Kelurahan code,RW number,RT number,")
    # One household, which has not said whether it sorts: no percentage.
    assert ",1,0,," in text


def test_a_surveyor_may_not_download_summaries(client, users):
    client.force_login(users["surveyor"])
    response = client.post(reverse("exports:summary"), {"per": "rt", "format": "csv"})
    assert response.status_code == 403
    assert "You may not export household totals." in response.text


def test_the_page_speaks_indonesian_by_default(kelurahan):
    html = Client().get(reverse("exports:page"), HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="id">' in html


def test_a_lurah_is_offered_their_own_kelurahan_and_the_others_for_boundaries(
    client, users, other_rt
):
    """The lurah exports their own kelurahan's layers; another kelurahan is
    offered only as boundaries, so the list says so."""
    from django.utils import translation

    from exports.forms import LayerExportForm

    form = LayerExportForm(user=users["lurah"])
    choices = form.fields["kelurahan"].choices
    own = users["lurah"].profile.kelurahan
    assert choices[1] == (own.slug, own.name)
    group, others = choices[2]
    with translation.override("id"):
        assert "hanya batas wilayah" in str(group)
    assert own.slug not in dict(others)
    assert other_rt.rw.kelurahan.slug in dict(others)


@pytest.mark.parametrize(("role", "told"), [("surveyor", True), ("lurah", False)])
def test_a_role_that_exports_boundaries_only_is_told_so(client, users, role, told):
    client.force_login(users[role])
    page = client.get(reverse("exports:page")).content.decode()
    assert ("Your role exports the boundaries." in page) is told
