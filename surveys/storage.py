"""Keeping an uploaded survey file: who may send what where (permission
first), its type and size, the sender's daily quota, and the record written in
one transaction with the file, so that neither is left without the other."""

import hashlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from spatial import layers
from spatial.errors import InvalidInput, NotPermitted, TooMany
from spatial.io.errors import FileError
from spatial.io.points import check_survey_name
from spatial.models import Kelurahan
from spatial.permissions import may_add

from .models import SurveyImport


def survey_layers():
    """The layers a survey file can fill, by name (as their apps registered
    them)."""
    return layers.surveyed()


def survey_layer(name):
    """The SurveyLayer that says how files fill ``name`` (households, …)."""
    known = survey_layers()
    if name not in known:
        raise InvalidInput(
            _("%(name)s is not a survey layer; use %(layers)s")
            % {"name": repr(name), "layers": ", ".join(known)}
        )
    return known[name]


def max_upload_bytes():
    return settings.WAKUNCAR_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(filename, size):
    """Refuse, before anything is stored, a file of the wrong type, an empty
    one or one above the size limit."""
    check_survey_name(filename, size)
    limit = max_upload_bytes()
    if size > limit:
        raise FileError(
            Path(filename).name,
            _("is %(size).1f MB; the limit is %(limit).0f MB")
            % {"size": size / 1048576, "limit": limit / 1048576},
        )


def check_quota(user, size):
    """A user sends at most WAKUNCAR_UPLOAD_QUOTA_FILES files and
    WAKUNCAR_UPLOAD_QUOTA_MB megabytes in 24 hours (0: no limit); the
    operator's command without ``--user`` has no quota."""
    if user is None:
        return
    files, megabytes = (
        settings.WAKUNCAR_UPLOAD_QUOTA_FILES,
        settings.WAKUNCAR_UPLOAD_QUOTA_MB,
    )
    since = timezone.now() - timedelta(days=1)
    sent = SurveyImport.objects.filter(user=user, at__gte=since).aggregate(
        n=Count("pk"), size=Sum("size")
    )
    if files and sent["n"] >= files:
        raise TooMany(
            _(
                "You have uploaded %(n)d files in the last 24 hours, the most "
                "allowed; try again later."
            )
            % {"n": sent["n"]}
        )
    if megabytes and (sent["size"] or 0) + size > megabytes * 1048576:
        raise TooMany(
            _(
                "This file would take your uploads of the last 24 hours past "
                "%(mb)d MB; try again later."
            )
            % {"mb": megabytes}
        )


def survey_upload(
    *,
    file,
    filename: str,
    layer: str,
    kelurahan: Kelurahan,
    user,
    via=SurveyImport.Via.PAGE,
):
    """Keep the uploaded ``file`` for audit and record who sent it where, and
    ``via`` the page or the command. Permission comes first, then the file's
    type and size, then the user's quota. The file and its record are written
    together: if either fails, neither is left."""
    spec = survey_layer(layer)
    check_permitted(user, spec, kelurahan)
    check_upload(filename, file.size)
    check_quota(user, file.size)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    record = SurveyImport(
        user=user,
        layer=layer,
        kelurahan=kelurahan,
        filename=Path(filename).name[-255:],
        sha256=digest.hexdigest(),
        size=file.size,
        status=SurveyImport.Status.RECEIVED,
        via=via,
    )
    try:
        with transaction.atomic():
            record.file.save(Path(filename).name, File(file), save=False)
            record.save()
    except BaseException:
        # A file whose record did not make it is an orphan: gone at once (and
        # expire_uploads sweeps any left by a process killed right here).
        if record.file.name:
            record.file.storage.delete(record.file.name)
        raise
    return record


def check_permitted(user, spec, kelurahan):
    """A command run without ``--user`` is the operator's and is trusted."""
    if user is not None and not may_add(user, spec.model, kelurahan):
        raise NotPermitted(
            _("%(user)s may not upload %(layer)s into Kelurahan %(kelurahan)s.")
            % {"user": user, "layer": spec.label, "kelurahan": kelurahan.name}
        )
