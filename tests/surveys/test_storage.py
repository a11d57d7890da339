"""Where uploads are kept: a quota per user and day, refused files not kept,
the file and its record written together, permission before any check of
the file."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spatial.errors import NotPermitted, TooMany
from surveys.models import SurveyImport
from tests.surveys.fixtures import DATA, import_file, upload_file, write_zip

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_a_user_uploads_at_most_the_quota_of_files_a_day(survey_area, users, settings):
    settings.WAKUNCAR_UPLOAD_QUOTA_FILES = 2
    for _ in range(2):
        upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"])
    with pytest.raises(TooMany, match="uploaded 2 files in the last 24 hours"):
        upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"])
    # Another user, and the operator's command without --user, have their own.
    upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=users["lurah"])
    upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=None)
    assert SurveyImport.objects.filter(user=users["surveyor"]).count() == 2
    assert len(stored_files(settings)) == 4


def test_a_user_uploads_at_most_the_quota_of_megabytes_a_day(
    survey_area, users, settings, tmp_path
):
    settings.WAKUNCAR_UPLOAD_QUOTA_MB = 1
    big = tmp_path / "besar.csv"
    big.write_text("nama,lat,lon\n" + "Budi,-5.1,105.2\n" * 40_000)  # 0.6 MB
    upload_file(big, kelurahan=survey_area, user=users["surveyor"])
    with pytest.raises(TooMany, match="past 1 MB"):
        upload_file(big, kelurahan=survey_area, user=users["surveyor"])


def test_the_page_says_the_quota_is_reached(client, users, survey_area, settings):
    settings.WAKUNCAR_UPLOAD_QUOTA_FILES = 1
    client.cookies.load({"django_language": "en"})
    client.force_login(users["surveyor"])
    upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=users["surveyor"])
    response = client.post(
        reverse("uploads:new"),
        {
            "layer": "households",
            "kelurahan": survey_area.pk,
            "file": SimpleUploadedFile("kobo.csv", (DATA / "kobo.csv").read_bytes()),
        },
    )
    assert response.status_code == 429
    assert "the most allowed; try again later" in response.content.decode()
    assert SurveyImport.objects.count() == 1


@pytest.mark.parametrize(
    "members",
    [
        {"bomb.geojson": " " * 5_000_000},
        {"titik.geojson@": "/etc/passwd"},
    ],
)
def test_a_refused_unsafe_file_is_not_kept(survey_area, tmp_path, settings, members):
    record = import_file(
        write_zip(tmp_path / "unsafe.zip", members), kelurahan=survey_area
    )
    assert (record.status, record.report.as_json()["error_code"]) == (
        "failed",
        "unsafe_file",
    )
    assert record.report.as_json()["discarded"] is True
    assert not record.file
    assert stored_files(settings) == []
    # Its name, size and SHA-256 stay on record.
    assert (record.filename, len(record.sha256)) == ("unsafe.zip", 64)
    assert record.size > 0
    assert not record.checkable


def test_a_file_whose_record_cannot_be_saved_is_not_left_behind(
    survey_area, settings, monkeypatch
):
    from django.db import IntegrityError

    def refuse(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(SurveyImport, "save", refuse)
    with pytest.raises(IntegrityError):
        upload_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert stored_files(settings) == []


def test_a_record_is_not_left_without_its_file(survey_area, settings, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def full_disk(self, name, content, max_length=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full_disk)
    with pytest.raises(OSError, match="No space left"):
        upload_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert not SurveyImport.objects.exists()


def test_permission_is_checked_before_the_file(survey_area, other_kelurahan, users):
    """Someone who may not upload here learns that, not what is wrong with
    their file."""
    with pytest.raises(NotPermitted):
        upload_file(DATA / "empty.csv", kelurahan=other_kelurahan, user=users["lurah"])
    with pytest.raises(NotPermitted):
        upload_file(DATA / "notes.docx", kelurahan=survey_area, user=users["planner"])


def test_the_page_refuses_a_planner_before_reading_the_upload(client, users):
    client.force_login(users["planner"])
    response = client.post(
        reverse("uploads:new"),
        {"layer": "households", "file": SimpleUploadedFile("x.docx", b"")},
    )
    assert response.status_code == 403
    assert not SurveyImport.objects.exists()
