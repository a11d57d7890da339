"""Rasters sent through the page: the request stores the file and queues it,
django-tasks' own worker (`manage.py db_worker`) checks and keeps it, and the
page follows the upload until it is kept or refused with its reason."""

import numpy as np
import psycopg2
import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rasters.models import Raster, RasterUpload, UploadState
from rasters.services import uploads
from spatial.models import Role
from tests.factories import UserFactory
from tests.live.gunicorn import database_url_of_tests

from .rasters import run_worker as work
from .rasters import write_raster

# The worker is its own process and reads what the requests committed.
pytestmark = pytest.mark.django_db(transaction=True)


def send(client, kelurahan, path, kind="orthophoto"):
    with open(path, "rb") as handle:
        return client.post(
            f"/raster/k/{kelurahan.slug}/unggah/", {"kind": kind, "file": handle}
        )


def queue_orthophoto(client, user, kelurahan, tmp_path):
    """``user`` sends a small valid orthophoto, o.tif; its queued answer."""
    client.force_login(user)
    path = write_raster(tmp_path / "o.tif", np.full((3, 40, 40), 90, "uint8"))
    return send(client, kelurahan, path).json()


def test_an_upload_is_queued_then_kept_by_the_worker(
    client, lurah, kelurahan, tmp_path
):
    client.force_login(lurah)
    path = write_raster(tmp_path / "ortofoto.tif", np.full((3, 40, 40), 90, "uint8"))
    response = send(client, kelurahan, path)
    assert response.status_code == 202, response.content
    queued = response.json()
    upload = RasterUpload.objects.get()
    assert queued["upload"] == upload.pk and queued["state"] == "queued"
    assert upload.file.read_bytes() == path.read_bytes()
    assert not Raster.objects.exists()
    [job] = DBTaskResult.objects.all()
    assert job.task_path == "rasters.tasks.check_upload"
    work()
    status = client.get(queued["status"]).json()
    assert status["state"] == "done", status
    raster = Raster.objects.get()
    assert status["state"] == "done" and status["raster"]["id"] == raster.pk
    assert raster.uploaded_by == lurah and raster.name == "ortofoto.tif"
    assert not upload.file.exists()  # the stored upload goes once checked
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_refused_upload_says_why_in_the_senders_language_and_keeps_nothing(
    client, lurah, kelurahan, tmp_path
):
    client.force_login(lurah)
    path = tmp_path / "foto.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    queued = send(client, kelurahan, path, kind="ndvi").json()
    english = send_in_english(client, kelurahan, path)
    work()
    status = client.get(queued["status"]).json()
    assert status["state"] == "failed"
    assert status["message"].startswith(
        "foto.png: adalah gambar PNG tanpa georeferensi"
    )
    assert (
        client.get(english["status"])
        .json()["message"]
        .startswith("foto.png: is a PNG image without georeferencing")
    )
    assert not Raster.objects.exists()
    assert not any(u.file.exists() for u in RasterUpload.objects.all())


def send_in_english(client, kelurahan, path):
    """As a user who chose English with the language switcher."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        return send(client, kelurahan, path, kind="ndvi").json()
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


def test_an_unexpected_failure_is_reported_and_logged(
    client, lurah, kelurahan, tmp_path, monkeypatch, caplog
):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)

    def broken(**_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(uploads, "raster_import", broken)
    uploads.upload_run(queued["upload"])  # the job's body, here where the patch is
    status = client.get(queued["status"]).json()
    assert status["state"] == "failed"
    assert status["message"].startswith("o.tif: tidak dapat diperiksa")
    assert "disk on fire" not in status["message"]
    assert "disk on fire" in caplog.text
    assert not RasterUpload.objects.get().file.exists()


def test_an_upload_is_checked_once(client, lurah, kelurahan, tmp_path):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)
    work()
    assert uploads.upload_run(queued["upload"]) is None
    assert Raster.objects.count() == 1


@pytest.mark.parametrize("who", ["surveyor", "planner", "other lurah", "public"])
def test_only_those_who_may_upload_follow_an_upload(
    client, users, lurah, kelurahan, other_kelurahan, tmp_path, who
):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)
    client.logout()
    if who == "other lurah":
        client.force_login(
            UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
        )
    elif who != "public":
        client.force_login(users[who])
    response = client.get(queued["status"])
    assert response.status_code == 404
    assert "foto" not in response.content.decode()


def test_the_page_follows_the_uploads_still_waiting(client, lurah, kelurahan, tmp_path):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)
    page = client.get(f"/raster/k/{kelurahan.slug}/")
    config = page.context["page_config"]
    assert [u["upload"] for u in config["uploads"]] == [queued["upload"]]
    work()
    page = client.get(f"/raster/k/{kelurahan.slug}/")
    assert page.context["page_config"]["uploads"] == []
    assert RasterUpload.objects.get().state == UploadState.DONE


def test_a_check_with_no_worker_behind_it_is_reported_to_send_again(
    client, lurah, kelurahan, tmp_path
):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)
    upload = RasterUpload.objects.get()
    upload.state, upload.started_at = UploadState.RUNNING, timezone.now()
    upload.save()
    # A worker checking it holds its advisory lock on its own connection.
    with psycopg2.connect(
        database_url_of_tests().replace("postgis", "postgresql")
    ) as worker:
        with worker.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(%s, %s)", [uploads.LOCK_SPACE, upload.pk]
            )
        assert client.get(queued["status"]).json()["state"] == "running"
    worker.close()  # as when the worker is killed: its lock goes with it
    status = client.get(queued["status"]).json()
    assert status["state"] == "failed"
    assert status["message"] == (
        "o.tif: pemeriksaan terputus (server dinyalakan ulang); tidak ada yang "
        "disimpan. Silakan kirim berkasnya lagi."
    )
    assert not upload.file.exists() and not Raster.objects.exists()
    # A refusal that came while the lurah was away is shown on the page.
    page = client.get(f"/raster/k/{kelurahan.slug}/").context["page_config"]
    assert [u["state"] for u in page["uploads"]] == ["failed"]


def test_an_upload_whose_job_ended_before_its_check_is_reported(
    client, lurah, kelurahan, tmp_path
):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)
    assert client.get(queued["status"]).json()["state"] == "queued"
    DBTaskResult.objects.update(status="FAILED")  # it failed before the check
    status = client.get(queued["status"]).json()
    assert status["state"] == "failed"
    assert status["message"].startswith("o.tif: tidak dapat diperiksa")


def test_a_kept_raster_is_reported_kept_when_only_its_statistics_fail(
    client, lurah, kelurahan, tmp_path, monkeypatch
):
    from rasters.services import imports

    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)

    def broken(**_kwargs):
        raise RuntimeError("zonal statistics failed")

    monkeypatch.setattr(imports, "statistics_refresh", broken)
    uploads.upload_run(queued["upload"])
    status = client.get(queued["status"]).json()
    assert status["state"] == "done" and status["raster"]["name"] == "o.tif"


def test_a_worker_stopped_inside_the_check_records_the_interruption(
    client, lurah, kelurahan, tmp_path, monkeypatch
):
    queued = queue_orthophoto(client, lurah, kelurahan, tmp_path)

    def stopped(**_kwargs):
        raise SystemExit(1)  # db_worker's answer to a second signal

    monkeypatch.setattr(uploads, "raster_import", stopped)
    with pytest.raises(SystemExit):
        uploads.upload_run(queued["upload"])
    status = client.get(queued["status"]).json()
    assert status["state"] == "failed" and "terputus" in status["message"]
    assert not RasterUpload.objects.get().file.exists()
