"""A database connection killed at any step of an import (staging, checks,
insert) leaves nothing written, marks the record failed with a reason, ends
the command with one line and no traceback, and a retry imports every row
exactly once. The backend is killed with pg_terminate_backend from another
connection, as an operator or a crash would."""

import time

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from households.models import Household
from surveys import staging as survey_staging
from surveys.models import SurveyImport
from surveys.services import survey_import
from tests.surveys.fixtures import DATA, upload_file

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = {
    "staging": "copy",
    "checks": "locate",
    "rts": "assign_rts",
    "duplicates": "mark_duplicates",
    "ready": "prepare",
    "insert": "insert",
}


def terminate_own_backend():
    """Kill the backend of Django's connection from a second connection and
    wait until it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    params = connection.get_connection_params()
    other = psycopg2.connect(**params)
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                break
            time.sleep(0.05)
    other.close()


@pytest.fixture
def kill_at(monkeypatch):
    """``kill_at(step)``: the first call of that staging step finds its
    connection killed."""

    def arm(step):
        method = STEPS[step]
        real = getattr(survey_staging.Staging, method)
        fired = []

        def killed(self, *args, **kwargs):
            if not fired:
                fired.append(step)
                terminate_own_backend()
            return real(self, *args, **kwargs)

        monkeypatch.setattr(survey_staging.Staging, method, killed)
        return fired

    return arm


def command(*extra):
    call_command(
        "import_survey",
        str(DATA / "kobo.csv"),
        "--layer",
        "households",
        "--kelurahan",
        "rejomulyo",
        *extra,
    )


# The command writes straight from its checked rows; a preview puts them in a
# ready table ("ready") for the page's commit.
@pytest.mark.parametrize("step", [s for s in STEPS if s != "ready"])
def test_a_killed_command_import_writes_nothing_and_a_retry_imports_once(
    survey_area, kill_at, capsys, step
):
    fired = kill_at(step)
    with pytest.raises(CommandError) as failure:
        command()
    assert fired == [step]
    message = str(failure.value)
    assert message.startswith("kobo.csv: ")
    assert "connection" in message and "(run the command again)" in message
    assert "\n" not in message
    assert "Traceback" not in capsys.readouterr().err
    assert not Household.objects.exists()
    record = SurveyImport.objects.get()
    assert (record.status, record.report.as_json()["error_code"]) == (
        "failed",
        "connection_lost",
    )
    assert record.staged_until is None
    with connection.cursor() as cursor:
        assert survey_staging.staged_keys(cursor) == set()
    command()
    assert Household.objects.count() == 3
    command()
    assert Household.objects.count() == 3


@pytest.mark.parametrize("step", ["insert", "ready"])
def test_a_page_upload_killed_at_its_commit_or_check_can_be_checked_again(
    survey_area, users, kill_at, step
):
    record = upload_file(DATA / "kobo.csv", kelurahan=survey_area, user=users["lurah"])
    if step == "ready":
        kill_at(step)
    survey_import(survey_import=record, user=users["lurah"], dry_run=True)
    if step == "insert":
        record.refresh_from_db()
        assert record.status == "previewed"
        kill_at(step)
        survey_import(survey_import=record, user=users["lurah"])
    record.refresh_from_db()
    assert (record.status, record.report.as_json()["error_code"]) == (
        "failed",
        "connection_lost",
    )
    assert record.report.as_json()["error"] == (
        "the connection to the database was lost and nothing was imported; "
        "check the file again"
    )
    assert not Household.objects.exists()
    assert record.checkable and not record.committable
    survey_import(survey_import=record, user=users["lurah"], dry_run=True)
    survey_import(survey_import=record, user=users["lurah"])
    survey_import(survey_import=record, user=users["lurah"])
    assert Household.objects.count() == 3
