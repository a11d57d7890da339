"""Rasters uploaded through the page, checked in the background. Converting
a large orthophoto takes minutes (169 s for 1.2 GB in bench/bench_rasters.py),
longer than a web request may hold a server worker, so the request only
stores the file and queues it (``upload_queue``); the job
(rasters.tasks.check_upload) runs ``upload_run``, which calls
``raster_import`` exactly as ``manage.py import_raster`` does and records the
raster or the reason in the RasterUpload. The page polls ``upload_status``."""

import logging
import uuid
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import NotFound, WakuncarError

from ..models import RasterUpload, UploadState
from .imports import CHUNK, check_request, raster_import

logger = logging.getLogger(__name__)

INCOMING = "rasters/incoming"
# The first key of the advisory locks a check holds (the second is the
# upload's id): "WR" for Wakuncar rasters.
LOCK_SPACE = 0x5752


def upload_queue(
    *, user, kelurahan, kind, file, name, classes=None, classes_name=""
) -> RasterUpload:
    """Store ``file`` (an uploaded file) and queue its check; the record and
    the job are written together, and a failure leaves neither nor the file."""
    check_request(user=user, kelurahan=kelurahan, kind=kind, classes=classes)
    from ..tasks import check_upload

    relative = f"{INCOMING}/{uuid.uuid4().hex}.upload"
    stored = Path(settings.MEDIA_ROOT) / relative
    stored.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(stored, "wb") as copy:
            for chunk in file.chunks(CHUNK):
                copy.write(chunk)
        with transaction.atomic():
            upload = RasterUpload.objects.create(
                kelurahan=kelurahan,
                uploaded_by=user,
                kind=kind,
                name=name,
                path=relative,
                classes=classes,
                classes_name=classes_name,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            job = check_upload.enqueue(upload.pk)
            upload.job = str(job.id)
            upload.save(update_fields=["job"])
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return upload


def upload_run(upload_id) -> RasterUpload | None:
    """Check and keep one queued upload; None when it is not waiting (already
    taken, or gone). While it checks, the worker's connection holds the
    upload's advisory lock: the lock goes with the worker, which is how
    ``expire_interrupted`` knows a check has nobody behind it any more."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_SPACE, upload_id])
    try:
        return _run_locked(upload_id)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, upload_id])


def _run_locked(upload_id):
    with transaction.atomic():
        upload = (
            RasterUpload.objects.select_for_update(of=("self",))
            .select_related("kelurahan", "uploaded_by")
            .filter(pk=upload_id, state=UploadState.QUEUED)
            .first()
        )
        if upload is None:
            return None
        upload.state, upload.started_at = UploadState.RUNNING, timezone.now()
        upload.save(update_fields=["state", "started_at"])
    try:
        with translation.override(upload.language):
            raster = raster_import(
                user=upload.uploaded_by,
                kelurahan=upload.kelurahan,
                kind=upload.kind,
                file=upload.file,
                name=upload.name,
                classes=bytes(upload.classes) if upload.classes is not None else None,
                classes_name=upload.classes_name,
            )
        _finish(upload, UploadState.DONE, "", raster=raster)
    except WakuncarError as error:
        _finish(upload, UploadState.FAILED, error.message)
    except Exception:
        logger.exception("raster upload #%s failed unexpectedly", upload.pk)
        _finish(upload, UploadState.FAILED, _server_error(upload))
    except BaseException:
        # The worker is being stopped in the middle of the check (a second
        # signal: db_worker exits inside the task). Nothing was kept.
        _finish(upload, UploadState.FAILED, _interrupted(upload))
        raise
    finally:
        with suppress(FileNotFoundError):
            upload.file.unlink()
    return upload


def _finish(upload, state, message, *, raster=None):
    upload.state, upload.message, upload.raster = state, message, raster
    upload.finished_at = timezone.now()
    upload.save(update_fields=["state", "raster", "message", "finished_at"])


def _server_error(upload):
    with translation.override(upload.language):
        return _(
            "%(name)s: could not be checked (an error on the server, logged for "
            "the administrator); nothing was kept."
        ) % {"name": upload.name}


def _interrupted(upload):
    with translation.override(upload.language):
        return _(
            "%(name)s: the check was interrupted (the server restarted); "
            "nothing was kept. Please send the file again."
        ) % {"name": upload.name}


def expire_interrupted(kelurahan):
    """The kelurahan's uploads whose check has nobody behind it: "being
    checked" while no connection holds their advisory lock (the worker was
    killed), or "waiting" while their job has already ended (it failed before
    the check began). Nothing of them was kept (raster_import keeps record and
    file together or neither): they are marked refused with the reason, and
    their stored file is removed. Returns how many."""
    expired = []
    with transaction.atomic():
        for upload in RasterUpload.objects.select_for_update(skip_locked=True).filter(
            kelurahan=kelurahan, state__in=[UploadState.QUEUED, UploadState.RUNNING]
        ):
            if upload.state == UploadState.RUNNING:
                if not _lock_is_free(upload.pk):
                    continue
                message = _interrupted(upload)
            elif _job_has_ended(upload):
                message = _server_error(upload)
            else:
                continue
            _finish(upload, UploadState.FAILED, message)
            expired.append(upload.file)
        transaction.on_commit(lambda: [f.unlink(missing_ok=True) for f in expired])
    return len(expired)


def _lock_is_free(upload_id):
    # Taken for this transaction only, and released with it.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_SPACE, upload_id]
        )
        return cursor.fetchone()[0]


def _job_has_ended(upload):
    if not upload.job:
        return False
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(pk=upload.job)
        .exclude(status__in=["READY", "RUNNING"])
        .exists()
    )


def upload_status(*, user, pk) -> RasterUpload:
    upload = RasterUpload.objects.select_related("kelurahan").filter(pk=pk).first()
    if upload is None or not permissions.may_follow_raster_upload(user, upload):
        raise NotFound(_("No raster upload #%(id)s.") % {"id": pk})
    expire_interrupted(upload.kelurahan)
    return RasterUpload.objects.select_related("kelurahan", "raster").get(pk=pk)


def followed_uploads(*, user, kelurahan):
    """What the kelurahan's rasters page follows for ``user``: uploads still
    waiting or being checked, and those refused in the last day (a refusal
    that came while the lurah was away is still read), oldest first."""
    if not permissions.may_upload_raster(user, kelurahan):
        return []
    expire_interrupted(kelurahan)
    recent = timezone.now() - timedelta(days=1)
    followed = RasterUpload.objects.filter(kelurahan=kelurahan).filter(
        Q(state__in=[UploadState.QUEUED, UploadState.RUNNING])
        | Q(state=UploadState.FAILED, finished_at__gte=recent)
    )
    return [
        u
        for u in followed.order_by("queued_at", "id")
        if permissions.may_follow_raster_upload(user, u)
    ]
