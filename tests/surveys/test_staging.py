"""Checked rows wait in unlogged staging tables between the preview and the
commit, so a commit does not read the file again; they go on commit, when
their retention passes, or with expire_uploads."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from households.models import Household
from surveys import services
from surveys.models import SurveyImport
from surveys.retention import expire_uploads
from surveys.services import survey_import
from surveys.staging import staged_keys
from tests.surveys.fixtures import DATA, import_file

pytestmark = pytest.mark.django_db


def keys():
    with connection.cursor() as cursor:
        return staged_keys(cursor)


@pytest.fixture
def forbid_reading(monkeypatch):
    """Once called, fails the test if anything opens the survey file."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the file was read again")

    def forbid():
        monkeypatch.setattr(services, "open_survey_file", refuse)
        return calls

    return forbid


def test_a_preview_keeps_its_rows_staged_for_the_commit(survey_area):
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    assert record.pk in keys()
    assert record.staged_until > timezone.now() + timedelta(hours=23)


def test_the_commit_writes_the_staged_rows_without_reading_the_file(
    survey_area, forbid_reading
):
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    no_reading = forbid_reading()
    committed = survey_import(survey_import=record, user=None)
    assert (committed.status, committed.created, Household.objects.count()) == (
        "committed",
        3,
        3,
    )
    assert no_reading == []
    assert record.pk not in keys()
    assert committed.staged_until is None


def test_a_commit_after_the_retention_reads_the_file_again(survey_area, monkeypatch):
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    SurveyImport.objects.filter(pk=record.pk).update(
        staged_until=timezone.now() - timedelta(minutes=1)
    )
    opened = []
    real = services.open_survey_file

    def counting(*args, **kwargs):
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "open_survey_file", counting)
    committed = survey_import(survey_import=record, user=None)
    assert (len(opened), committed.created) == (1, 3)


def test_a_commit_whose_staged_rows_vanished_reads_the_file_again(survey_area):
    """A crash of the database server empties unlogged tables."""
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE survey_staging.ready_{record.pk}")
    assert survey_import(survey_import=record, user=None).created == 3


def test_rows_stored_meanwhile_are_not_written_twice(survey_area):
    """The record-id check runs again under the lock at commit."""
    first = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    import_file(DATA / "kobo.csv", kelurahan=survey_area)
    assert Household.objects.count() == 3
    late = survey_import(survey_import=first, user=None)
    assert (late.created, late.duplicates, Household.objects.count()) == (0, 3, 3)
    assert late.report.as_json()["duplicate_rows"][0]["reason"].startswith(
        "already imported"
    )


def test_checking_again_replaces_the_staged_rows(survey_area):
    record = import_file(DATA / "bad_values.csv", kelurahan=survey_area, dry_run=True)
    assert record.report.as_json()["new"] == 1
    again = import_file(
        DATA / "bad_values.csv", kelurahan=survey_area, dry_run=True, fix_swapped=True
    )
    checked = survey_import(
        survey_import=record,
        user=None,
        options=services.SurveyOptions.from_dict(again.report.as_json()["options"]),
        dry_run=True,
    )
    assert checked.report.as_json()["new"] == 2
    assert survey_import(survey_import=checked, user=None).created == 2


def test_a_dry_run_of_the_command_keeps_nothing_staged(survey_area):
    record = import_file(
        DATA / "kobo.csv", kelurahan=survey_area, dry_run=True, via="command"
    )
    assert record.status == "checked"
    assert record.pk not in keys()


def test_expire_uploads_drops_rows_past_their_retention(survey_area):
    old = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    fresh = import_file(DATA / "odk_geopoint.csv", kelurahan=survey_area, dry_run=True)
    SurveyImport.objects.filter(pk=old.pk).update(
        staged_until=timezone.now() - timedelta(seconds=1)
    )
    done = expire_uploads()
    assert done.staged == 1
    assert keys() == {fresh.pk}
    old.refresh_from_db()
    assert old.staged_until is None


def test_expire_uploads_deletes_old_uncommitted_files_and_keeps_committed_ones(
    survey_area, settings
):
    settings.WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS = 7
    waiting = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    committed = import_file(DATA / "odk_geopoint.csv", kelurahan=survey_area)
    SurveyImport.objects.update(at=timezone.now() - timedelta(days=8))
    assert expire_uploads().files == 1
    waiting.refresh_from_db()
    committed.refresh_from_db()
    assert (bool(waiting.file), bool(committed.file)) == (False, True)
    assert waiting.report.as_json()["discarded"] is True
    assert not waiting.checkable


def test_expire_uploads_sweeps_files_no_record_names(survey_area, settings):
    import os
    import time
    from pathlib import Path

    record = import_file(DATA / "kobo.csv", kelurahan=survey_area)
    orphan = Path(settings.MEDIA_ROOT) / "imports" / "2026" / "01" / "lost.csv"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_text("nama,lat,lon\n")
    hour_ago = time.time() - 7200
    os.utime(orphan, (hour_ago, hour_ago))
    assert expire_uploads().orphans == 1
    assert not orphan.exists()
    assert Path(record.file.path).exists()


def test_a_report_stored_before_it_was_typed_reads_as_it_was(survey_area):
    """Reports were flat JSON objects; they load as the typed report."""
    record = import_file(DATA / "kobo.csv", kelurahan=survey_area, dry_run=True)
    flat = {
        "options": {"fix_swapped": True},
        "rows": 5,
        "new": 3,
        "outside": 1,
        "invalid": 1,
        "errors": [{"row": 5, "reason": "lies 600 m outside Kelurahan Rejomulyo"}],
        "warnings": [],
        "already_imported": {"id": 1, "at": "2026-01-02T03:04:05+00:00", "by": "x"},
        "some_key_of_old": "kept out",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE spatial_surveyimport SET report = %s WHERE id = %s",
            [__import__("json").dumps(flat), record.pk],
        )
    report = SurveyImport.objects.get(pk=record.pk).report
    assert (report.rows, report.new, report.rejected, report.options.fix_swapped) == (
        5,
        3,
        0,
        True,
    )
    assert report.errors[0].row == 5
    assert report.already_imported.by == "x"
