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
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import InvalidInput, NotFound, NotPermitted, WakuncarError

from ..io.facts import KINDS, LANDCOVER
from ..models import RasterUpload, UploadState
from .imports import CHUNK, raster_import

logger = logging.getLogger(__name__)

INCOMING = "rasters/incoming"


def upload_queue(
    *, user, kelurahan, kind, file, name, classes=None, classes_name=""
) -> RasterUpload:
    """Store ``file`` (an uploaded file) and queue its check; the record and
    the job are written together, and a failure leaves neither nor the file."""
    if not permissions.may_upload_raster(user, kelurahan):
        raise NotPermitted(
            _("You may not add rasters to Kelurahan %(name)s.")
            % {"name": kelurahan.name}
        )
    if kind not in KINDS:
        raise InvalidInput(
            _("Unknown kind of raster %(kind)r; choose one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    if classes is not None and kind != LANDCOVER:
        raise InvalidInput(_("A classes file belongs to a land-cover raster only."))
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
            check_upload.enqueue(upload.pk)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return upload


def upload_run(upload_id) -> RasterUpload | None:
    """Check and keep one queued upload; None when it is not waiting (already
    taken by another worker, or gone)."""
    with transaction.atomic():
        upload = (
            RasterUpload.objects.select_for_update(skip_locked=True, of=("self",))
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
        upload.state, upload.raster, upload.message = UploadState.DONE, raster, ""
    except WakuncarError as error:
        upload.state, upload.message = UploadState.FAILED, error.message
    except Exception:
        logger.exception("raster upload #%s failed unexpectedly", upload.pk)
        with translation.override(upload.language):
            upload.state, upload.message = (
                UploadState.FAILED,
                _(
                    "%(name)s: could not be checked (an error on the server, "
                    "logged for the administrator); nothing was kept."
                )
                % {"name": upload.name},
            )
    finally:
        with suppress(FileNotFoundError):
            upload.file.unlink()
    upload.finished_at = timezone.now()
    upload.save(update_fields=["state", "raster", "message", "finished_at"])
    return upload


def expire_interrupted():
    """Uploads whose check began longer ago than any check takes
    (``WAKUNCAR_RASTER_UPLOAD_STALE_MINUTES``): the worker was stopped in the
    middle (a restart, a crash). Nothing of them was kept (raster_import keeps
    its record and file together or neither); they are marked refused with
    the reason, and their stored file is removed. Returns how many."""
    limit = timezone.now() - timedelta(
        minutes=settings.WAKUNCAR_RASTER_UPLOAD_STALE_MINUTES
    )
    expired = 0
    with transaction.atomic():
        for upload in RasterUpload.objects.select_for_update(skip_locked=True).filter(
            state=UploadState.RUNNING, started_at__lt=limit
        ):
            with translation.override(upload.language):
                upload.message = _(
                    "%(name)s: the check was interrupted (the server restarted); "
                    "nothing was kept. Please send the file again."
                ) % {"name": upload.name}
            upload.state, upload.finished_at = UploadState.FAILED, timezone.now()
            upload.save(update_fields=["state", "message", "finished_at"])
            with suppress(FileNotFoundError):
                upload.file.unlink()
            expired += 1
    return expired


def upload_status(*, user, pk) -> RasterUpload:
    expire_interrupted()
    upload = (
        RasterUpload.objects.select_related("kelurahan", "raster", "uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if upload is None or not permissions.may_follow_raster_upload(user, upload):
        raise NotFound(_("No raster upload #%(id)s.") % {"id": pk})
    return upload


def pending_uploads(*, user, kelurahan):
    """The kelurahan's uploads still waiting or being checked that ``user``
    may follow, oldest first."""
    expire_interrupted()
    waiting = RasterUpload.objects.filter(
        kelurahan=kelurahan, state__in=[UploadState.QUEUED, UploadState.RUNNING]
    ).order_by("queued_at", "id")
    return [u for u in waiting if permissions.may_follow_raster_upload(user, u)]
