"""The upload pages: upload → preview (nothing written) → commit, each for the
people who may, and nobody else."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import Household
from surveys.models import SurveyImport
from tests.factories import UserFactory
from tests.surveys.fixtures import DATA, write_csv
from waste.models import Kind, WastePoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    # The pages are Indonesian unless the language cookie says otherwise.
    client.cookies.load({"django_language": "en"})


def upload(client, kelurahan, name, *, layer="households", path=None, **extra):
    path = path or DATA / name
    # In form order, as a browser sends them: the file last.
    data = {
        "layer": layer,
        "kelurahan": kelurahan.pk,
        **extra,
        "file": SimpleUploadedFile(name, path.read_bytes()),
    }
    return client.post(reverse("uploads:new"), data)


def preview_config(response):
    html = response.content.decode()
    start = html.index('<script id="preview-config" type="application/json">')
    return json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])


def current_mapping(record):
    report = record.report.as_json()
    return {
        f"map_{i}": report["mapping"].get(column, "")
        for i, column in enumerate(report["columns"])
    }


@pytest.mark.parametrize("who", ["surveyor", "lurah", "admin"])
def test_upload_page_for_those_who_upload(client, users, who):
    client.force_login(users[who])
    response = client.get(reverse("uploads:new"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_upload_page_refused_to_a_planner(client, users):
    client.force_login(users["planner"])
    response = client.get(reverse("uploads:new"))
    assert response.status_code == 403
    # A page of the site, in the user's language, not a bare "403 Forbidden".
    html = response.content.decode()
    assert "This page is not open to your role." in html
    assert 'href="/"' in html


def test_upload_page_asks_the_public_to_log_in(client, kelurahan):
    response = client.get(reverse("uploads:new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_upload_shows_a_preview_and_writes_nothing(client, users, survey_area):
    client.force_login(users["surveyor"])
    response = upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    assert response["Location"] == reverse("uploads:detail", args=[record.pk])
    assert (record.status, record.user, Household.objects.count()) == (
        "previewed",
        users["surveyor"],
        0,
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "lies 600 m outside Kelurahan Rejomulyo" in html
    assert "Import 3 new rows" in html
    assert len(preview_config(page)["points"]) == 4


def test_commit_writes_every_accepted_row(client, users, survey_area):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    response = client.post(reverse("uploads:commit", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.created, Household.objects.count()) == (
        "committed",
        3,
        3,
    )
    assert (
        "3 records were imported." in client.get(response["Location"]).content.decode()
    )


def test_committing_twice_creates_nothing_more(client, users, survey_area):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    client.post(reverse("uploads:commit", args=[record.pk]))
    client.post(reverse("uploads:commit", args=[record.pk]))
    assert Household.objects.count() == 3


def test_a_surveyor_cannot_upload_into_another_kelurahan(
    client, users, survey_area, other_kelurahan
):
    client.force_login(users["surveyor"])
    response = upload(client, other_kelurahan, "kobo.csv")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SurveyImport.objects.exists()


@pytest.mark.parametrize("who", ["other_surveyor", "planner"])
def test_others_neither_see_nor_commit_a_preview(
    client, users, survey_area, other_kelurahan, who
):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    stranger = {
        "other_surveyor": UserFactory(role="surveyor", role__kelurahan=other_kelurahan),
        "planner": users["planner"],
    }[who]
    client.force_login(stranger)
    assert client.get(reverse("uploads:detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("uploads:commit", args=[record.pk])).status_code == 404
    assert client.get(reverse("uploads:rejected", args=[record.pk])).status_code == 404
    assert not Household.objects.exists()


def test_the_lurah_commits_a_surveyors_preview(client, users, survey_area):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    client.force_login(users["lurah"])
    response = client.post(reverse("uploads:commit", args=[record.pk]), follow=True)
    assert Household.objects.count() == 3
    # The surveyor surveyed them; the lurah committed them, and the page says so.
    assert {h.surveyor for h in Household.objects.all()} == {users["surveyor"]}
    html = response.content.decode()
    assert f"Committed by {users['lurah']} on " in html
    assert f'href="/peta/?kelurahan={survey_area.slug}"' in html


def test_columns_are_mapped_on_the_preview(client, users, survey_area, tmp_path):
    path = write_csv(
        tmp_path / "aneh.csv",
        ["siapa", "utara", "timur"],
        [["Wartini", -5.1196806, 105.2715763]],
    )
    client.force_login(users["surveyor"])
    upload(client, survey_area, "aneh.csv", path=path)
    record = SurveyImport.objects.get()
    assert record.status == "failed"
    html = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert "no coordinate columns found among siapa, utara, timur" in html
    assert 'name="map_1"' in html
    client.post(
        reverse("uploads:check", args=[record.pk]),
        {"map_0": "head_name", "map_1": "latitude", "map_2": "longitude"},
    )
    record.refresh_from_db()
    assert (record.status, record.report.as_json()["new"]) == ("previewed", 1)


def test_one_kind_for_every_point_is_chosen_on_the_preview(
    client, users, survey_area, tmp_path
):
    path = write_csv(
        tmp_path / "titik.csv",
        ["latitude", "longitude", "nama"],
        [[-5.1196806, 105.2715763, "Tumpukan di kebun"]],
    )
    client.force_login(users["surveyor"])
    upload(client, survey_area, "titik.csv", path=path, layer="waste_points")
    record = SurveyImport.objects.get()
    assert (record.status, record.report.as_json()["error_code"]) == (
        "failed",
        "missing_field",
    )
    html = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert '<details class="fill" open>' in html
    assert '<option value="illegal_dumping">' in html
    check = reverse("uploads:check", args=[record.pk])
    response = client.post(check, {**current_mapping(record), "fill_kind": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(check, {**current_mapping(record), "fill_capacity_m3": "-3"})
    html = response.content.decode()
    # Under its own field, the reason alone: no internal field name.
    assert '<p class="error">&#x27;-3&#x27; m³ is a negative capacity</p>' in html
    assert "capacity_m3 for every row" not in html
    client.post(check, {**current_mapping(record), "fill_kind": "illegal_dumping"})
    record.refresh_from_db()
    assert (record.status, record.report.as_json()["new"]) == ("previewed", 1)
    client.post(reverse("uploads:commit", args=[record.pk]))
    assert WastePoint.objects.get().kind == Kind.ILLEGAL_DUMPING


def test_options_with_an_error_offer_no_import_with_the_last_ones(
    client, users, survey_area
):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    commit = reverse("uploads:commit", args=[record.pk])
    detail = client.get(reverse("uploads:detail", args=[record.pk]))
    assert commit in detail.content.decode()
    response = client.post(
        reverse("uploads:check", args=[record.pk]),
        {**current_mapping(record), "fill_waste_disposal": "ke laut"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was checked: correct the options marked below" in html
    assert commit not in html


def test_a_geopackage_layer_is_chosen_on_the_preview(
    client, users, survey_area, tmp_path
):
    import fiona
    from fiona.crs import CRS

    path = tmp_path / "survei.gpkg"
    schema = {"geometry": "Point", "properties": {"nama": "str"}}
    for layer in ("rumah", "lain"):
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
                    "geometry": {
                        "type": "Point",
                        "coordinates": (105.2715763, -5.1196806),
                    },
                    "properties": {"nama": "Darmi"},
                }
            )
    client.force_login(users["surveyor"])
    upload(client, survey_area, "survei.gpkg", path=path)
    record = SurveyImport.objects.get()
    html = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert '<option value="rumah">rumah</option>' in html
    client.post(reverse("uploads:check", args=[record.pk]), {"layer_name": "rumah"})
    record.refresh_from_db()
    assert (record.status, record.report.as_json()["new"]) == ("previewed", 1)


def test_rejected_rows_download(client, users, survey_area):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    response = client.get(reverse("uploads:rejected", args=[record.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="kobo-rejected.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(";reason")
    assert len(lines) == 3
    xlsx = client.get(reverse("uploads:rejected-xlsx", args=[record.pk]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="kobo-rejected.xlsx"'
    assert xlsx.content[:2] == b"PK"
    detail = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert reverse("uploads:rejected-xlsx", args=[record.pk]) in detail
    # Names and No. KK were read: UU 27/2022 wants that on record.
    from spatial.models import PersonalDataAccess

    reads = PersonalDataAccess.objects.filter(channel="upload", user=users["surveyor"])
    assert [(r.model, r.records) for r in reads] == [("households.Household", 2)] * 2


def test_a_file_above_the_limit_is_refused_while_it_arrives(
    client, users, survey_area, settings, tmp_path
):
    settings.WAKUNCAR_MAX_UPLOAD_MB = 1
    path = tmp_path / "besar.csv"
    path.write_text("nama,lat,lon\n" + "Budi,-5.1,105.2\n" * 80_000)
    client.force_login(users["surveyor"])
    response = upload(client, survey_area, "besar.csv", path=path)
    assert response.status_code == 400
    assert "besar.csv is larger than the limit of 1 MB." in response.content.decode()
    assert not SurveyImport.objects.exists()


def test_progress_of_an_import_can_be_polled(client, users, survey_area):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv", progress_token="a1b2c3d4-e5f6")
    response = client.get(reverse("uploads:progress", args=["a1b2c3d4-e5f6"]))
    assert response.json() == {"stage": "checking", "done": 3, "total": 3}


def test_the_upload_still_needs_its_csrf_token(users, survey_area):
    """The view is csrf_exempt outside (its size limit must be in place before
    the body is read) and checks the token itself."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["surveyor"])
    response = upload(client, survey_area, "kobo.csv")
    assert response.status_code == 403
    assert not SurveyImport.objects.exists()


def test_the_lurah_sees_reasons_but_not_the_cells_of_a_surveyors_file(
    client, users, survey_area
):
    """A file may hold people of other kelurahan: its cells stay with the uploader
    and the city admin."""
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    client.force_login(users["lurah"])
    page = client.get(reverse("uploads:detail", args=[record.pk]))
    assert page.status_code == 200
    assert reverse("uploads:rejected", args=[record.pk]) not in page.content.decode()
    assert "Budi Santoso" not in page.content.decode()
    assert client.get(reverse("uploads:rejected", args=[record.pk])).status_code == 403
    client.force_login(users["admin"])
    assert client.get(reverse("uploads:rejected", args=[record.pk])).status_code == 200


def test_the_lurah_sees_no_kk_numbers_or_points_outside_in_a_surveyors_file(
    client, users, survey_area, tmp_path
):
    from tests.surveys.fixtures import OUTSIDE, A, B, lat_lon

    path = write_csv(
        tmp_path / "rumah.csv",
        ["nama", "latitude", "longitude", "no_kk"],
        [
            ["Sutini", *lat_lon(A), "18720512030400"],  # 14 digits
            ["Warsono", *lat_lon(B), "1872051203040013"],
            ["Jauh", *lat_lon(OUTSIDE), "1872051203040021"],
            ["Tanda", *lat_lon(B), "1872-0512-0304-0013"],
            ["Huruf", *lat_lon(B), "18720512O3040013"],
            ["N" * 130, *lat_lon(B), "1872051203040039"],
            ["Utara", -9434123.5, lat_lon(B)[1], "1872051203040047"],
        ],
    )
    client.force_login(users["surveyor"])
    upload(client, survey_area, "rumah.csv", path=path)
    record = SurveyImport.objects.get()
    detail = reverse("uploads:detail", args=[record.pk])
    own = client.get(detail)
    assert "18720512030400" in own.content.decode()
    assert {p[3] for p in preview_config(own)["points"]} == {
        "new",
        "invalid",
        "outside",
    }
    invalid = [p for p in preview_config(own)["points"] if p[3] == "invalid"]
    assert sorted(p[2] for p in invalid) == [2, 5, 6, 7]
    client.force_login(users["lurah"])
    theirs = client.get(detail)
    html = theirs.content.decode()
    for private in (
        "18720512030400",
        "0512-0304",
        "O3040013",
        "NNNNNNNNNN",
        "9434123",
    ):
        assert private in own.content.decode(), private
        assert private not in html, private
    assert "no_kk: not a valid value" in html
    assert "nama: not a valid value" in html
    assert "its coordinates are out of range" in html
    assert "lies 600 m outside Kelurahan Rejomulyo" in html
    # Rows with a bad value are drawn where they lie inside the kelurahan;
    # nothing outside it is.
    assert {p[3] for p in preview_config(theirs)["points"]} == {"new", "invalid"}


def test_a_commit_the_database_refuses_shows_the_failure_not_a_crash(
    client, users, survey_area, monkeypatch
):
    from django.db import IntegrityError

    from surveys import staging as survey_staging

    def refuse(self, **kwargs):
        raise IntegrityError("simulated refusal")

    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()
    monkeypatch.setattr(survey_staging.Staging, "insert", refuse)
    response = client.post(reverse("uploads:commit", args=[record.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "writing failed and nothing was imported" in page
    # A database's own words (values, constraint names) never reach a page.
    assert "simulated refusal" not in page
    assert not Household.objects.exists()


def test_earlier_uploads_are_listed_for_those_who_may_open_them(
    client, users, survey_area, other_kelurahan
):
    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    mine = SurveyImport.objects.get()
    elsewhere = SurveyImport.objects.create(
        user=UserFactory(role="surveyor", role__kelurahan=other_kelurahan),
        layer="households",
        kelurahan=other_kelurahan,
        filename="margodadi.csv",
        sha256="0" * 64,
        status="committed",
        created=12,
    )
    detail = reverse("uploads:detail", args=[mine.pk])
    for who, sees_elsewhere in [("surveyor", False), ("lurah", False), ("admin", True)]:
        client.force_login(users[who])
        html = client.get(reverse("uploads:new")).content.decode()
        assert f'<a href="{detail}">kobo.csv</a>' in html, who
        assert f"{mine.report.new} to import" in html
        assert ("margodadi.csv" in html) == sees_elsewhere, who
    client.force_login(users["admin"])
    html = client.get(reverse("uploads:new")).content.decode()
    assert '<td class="number" data-label="Imported or new">12</td>' in html
    assert elsewhere.get_status_display() in html


def test_earlier_uploads_come_twenty_to_a_page_newest_first(client, users, survey_area):
    for n in range(21):
        SurveyImport.objects.create(
            user=users["surveyor"],
            layer="waste_points",
            kelurahan=survey_area,
            filename=f"titik-{n:02d}.gpx",
            sha256="0" * 64,
            status="failed",
        )
    client.force_login(users["surveyor"])
    first = client.get(reverse("uploads:new")).content.decode()
    assert "titik-20.gpx" in first and "titik-01.gpx" in first
    assert "titik-00.gpx" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("uploads:new"), {"page": 2}).content.decode()
    assert "titik-00.gpx" in second and "titik-01.gpx" not in second


def test_an_upload_not_checked_yet_cannot_be_committed(client, users, survey_area):
    """The record exists from the moment the file is kept, before any check:
    the page commits only what a check has shown."""
    from tests.surveys.fixtures import upload_file

    record = upload_file(
        DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"]
    )
    assert record.status == SurveyImport.Status.RECEIVED
    client.force_login(users["lurah"])
    response = client.post(reverse("uploads:commit", args=[record.pk]), follow=True)
    assert "There is nothing to import yet: check the file first." in (
        response.content.decode()
    )
    assert not Household.objects.exists()


def test_the_page_leaves_a_command_line_upload_to_the_command(
    client, users, survey_area, tmp_path
):
    from django.core.management import CommandError, call_command

    path = write_csv(tmp_path / "aneh.csv", ["siapa", "utara"], [["Wartini", -5.1]])
    with pytest.raises(CommandError):
        call_command(
            "import_survey", path, "--layer", "households", "--kelurahan", "rejomulyo"
        )
    record = SurveyImport.objects.get()
    assert (record.status, record.via) == ("failed", "command")
    client.force_login(users["lurah"])
    page = client.get(reverse("uploads:detail", args=[record.pk])).content.decode()
    assert reverse("uploads:check", args=[record.pk]) not in page
    assert "uploaded by command line on" in page
    response = client.post(
        reverse("uploads:check", args=[record.pk]),
        {"map_0": "head_name", "map_1": "latitude"},
        follow=True,
    )
    assert "sent from the command line; upload it on this page" in (
        response.content.decode()
    )
    record.refresh_from_db()
    assert record.status == "failed"


def test_a_refusal_of_the_import_is_a_message_not_an_error_page(
    client, users, survey_area, monkeypatch
):
    from spatial.errors import InvalidInput
    from surveys import views as upload_views

    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    record = SurveyImport.objects.get()

    def refuse(**kwargs):
        raise InvalidInput("kobo.csv was only checked (a dry run)")

    monkeypatch.setattr(upload_views, "survey_import", refuse)
    response = client.post(reverse("uploads:commit", args=[record.pk]), follow=True)
    assert response.status_code == 200
    assert "kobo.csv was only checked (a dry run)" in response.content.decode()


def test_the_same_file_again_says_when_it_was_imported_in_words(
    client, users, survey_area
):
    from django.utils import timezone

    client.force_login(users["surveyor"])
    upload(client, survey_area, "kobo.csv")
    client.post(reverse("uploads:commit", args=[SurveyImport.objects.get().pk]))
    upload(client, survey_area, "kobo.csv")
    again = SurveyImport.objects.latest("pk")
    html = client.get(reverse("uploads:detail", args=[again.pk])).content.decode()
    today = timezone.localdate()
    assert f"This same file was imported on {today:%-d %b %Y} by " in html
    assert again.report.as_json()["new"] == 0
    assert reverse("uploads:commit", args=[again.pk]) not in html
