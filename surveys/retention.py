"""What an upload leaves behind, and for how long: checked rows in the staging
tables until their commit or WAKUNCAR_STAGING_HOURS; the file of an upload
that failed or was never committed for WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS (a
refused, unsafe file is not kept at all); a committed upload's file for
good, for audit. ``manage.py expire_uploads`` applies it."""

import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from spatial import layers

from .models import SurveyImport
from .staging import Staging, staged_keys

UPLOADS = "imports"
# A file younger than this may belong to a record being written right now.
ORPHAN_GRACE_S = 3600


@dataclass
class Expired:
    staged: int = 0
    files: int = 0
    orphans: int = 0


def expire_uploads(*, now=None) -> Expired:
    now = now or timezone.now()
    done = Expired()
    done.staged = _expire_staging(now)
    done.files = _expire_files(now)
    done.orphans = _sweep_orphans()
    return done


def _expire_staging(now):
    """Drop the staging tables of every upload whose rows no longer wait for
    a commit: expired, committed, failed, or a record that is gone."""
    SurveyImport.objects.filter(staged_until__lte=now).update(staged_until=None)
    waiting = set(
        SurveyImport.objects.filter(staged_until__gt=now).values_list("pk", flat=True)
    )
    any_layer = next(iter(layers.surveyed().values()))
    dropped = 0
    with connection.cursor() as cursor:
        for key in staged_keys(cursor) - waiting:
            Staging(cursor, layer=any_layer, kelurahan=None, key=key).drop()
            dropped += 1
    return dropped


def _expire_files(now):
    days = settings.WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS
    old = SurveyImport.objects.filter(at__lt=now - timedelta(days=days)).exclude(
        status=SurveyImport.Status.COMMITTED
    )
    count = 0
    for record in old.exclude(file=""):
        record.file.delete(save=False)
        record.report = record.report.but(discarded=True)
        record.staged_until = None
        record.save(update_fields=["file", "report", "staged_until"])
        count += 1
    return count


def _sweep_orphans():
    """Files under imports/ that no record names, left by a process killed
    between writing the file and committing its record."""
    root = Path(settings.MEDIA_ROOT) / UPLOADS
    if not root.is_dir():
        return 0
    named = set(SurveyImport.objects.exclude(file="").values_list("file", flat=True))
    cutoff = time.time() - ORPHAN_GRACE_S
    count = 0
    for path in root.rglob("*"):
        name = path.relative_to(settings.MEDIA_ROOT).as_posix()
        if path.is_file() and name not in named and path.stat().st_mtime < cutoff:
            default_storage.delete(name)
            count += 1
    return count
