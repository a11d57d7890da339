"""Importing a raster for a kelurahan: the upload page and ``manage.py
import_raster`` both call ``raster_import``. Everything is checked (the classes
file, the header, the overlap with the kelurahan, every pixel while the COG is
written) before the record and the file are kept together; on any failure
neither is."""

import hashlib
import logging
import shutil
import tempfile
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import InvalidInput, NotPermitted
from spatial.io.errors import FileError
from spatial.measure import to_shapely_metres

from ..io.classes import PALETTE, ClassRow, read_classes
from ..io.cog import summarise_values, write_cog
from ..io.facts import KINDS, LANDCOVER, raster_facts
from ..models import LandCoverClass, Raster
from .statistics import statistics_refresh

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MAX_CLASSES = 255


def max_raster_bytes():
    return settings.WAKUNCAR_RASTER_MAX_UPLOAD_MB * 1024 * 1024


def raster_import(
    *,
    user,
    kelurahan,
    kind: str,
    file,
    name: str,
    classes: bytes | None = None,
    classes_name: str = "",
) -> Raster:
    """Keep ``file`` (a path or an uploaded file) as a COG of ``kelurahan``
    with its record, land-cover classes from ``classes`` (the CSV's bytes),
    and the statistics of the kelurahan's idle plots computed from it."""
    check_request(user=user, kelurahan=kelurahan, kind=kind, classes=classes)
    rows = read_classes(classes, name=classes_name) if classes is not None else None
    incoming = _incoming_dir()
    cog = incoming / f"{uuid.uuid4().hex}.tif"
    try:
        with _local_copy(file, incoming) as source:
            sha256 = _check_size_and_hash(source, name)
            _check_new(kelurahan, sha256, name)
            facts = raster_facts(source, name=name, kind=kind)
            footprint = _check_overlap(facts, kelurahan, name)
            write_cog(source, cog, name=name, kind=kind)
        summary = summarise_values(cog, name=name, kind=kind)
        if kind == LANDCOVER:
            rows = _classes_for(summary.values, rows, name, classes_name)
        raster = _keep(
            cog,
            user=user,
            kelurahan=kelurahan,
            kind=kind,
            name=name,
            sha256=sha256,
            size=source.stat().st_size if source.exists() else 0,
            facts=facts,
            footprint=footprint,
            summary=summary,
            rows=rows or [],
        )
    finally:
        with suppress(FileNotFoundError):
            cog.unlink()
    try:
        statistics_refresh(rasters=[raster])
    except Exception:
        # The raster is kept (record and file committed together); its plots'
        # statistics are computed again when they are next read, so a failure
        # here must not report the upload as refused.
        logger.exception("raster #%s kept; its plot statistics wait", raster.pk)
    return raster


def check_request(*, user, kelurahan, kind, classes):
    """What is known before the file is read: who sends it, where, the kind,
    and whether a classes file belongs to it. The page's upload asks it before
    storing the file; ``raster_import`` asks it again when it runs."""
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


def _incoming_dir():
    path = Path(settings.MEDIA_ROOT) / "rasters" / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _local_copy(file, directory):
    """A path to the upload's bytes: the file itself when it has one, else a
    temporary copy written in chunks."""
    if isinstance(file, str | Path):
        yield Path(file)
        return
    if hasattr(file, "temporary_file_path"):
        yield Path(file.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".upload") as copy:
        for chunk in (
            file.chunks(CHUNK)
            if hasattr(file, "chunks")
            else iter(lambda: file.read(CHUNK), b"")
        ):
            copy.write(chunk)
        copy.flush()
        yield Path(copy.name)


def _check_size_and_hash(path, name):
    if not path.is_file():
        raise FileError(name, _("is not a file"))
    size = path.stat().st_size
    if size > max_raster_bytes():
        raise FileError(
            name,
            _("is %(mb).0f MB; the most accepted is %(max)d MB")
            % {"mb": size / 1048576, "max": settings.WAKUNCAR_RASTER_MAX_UPLOAD_MB},
        )
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_new(kelurahan, sha256, name):
    earlier = Raster.objects.filter(kelurahan=kelurahan, sha256=sha256).first()
    if earlier:
        raise FileError(
            name,
            _("was already imported for Kelurahan %(kel)s as %(raster)s")
            % {"kel": kelurahan.name, "raster": earlier},
        )


def _check_overlap(facts, kelurahan, name):
    footprint = GEOSGeometry(facts.footprint.wkt, srid=4326)
    boundary = to_shapely_metres(kelurahan.geom)
    outline = to_shapely_metres(footprint)
    if boundary.intersection(outline).area > 0:
        return footprint
    w, s, e, n = facts.footprint.bounds
    raise FileError(
        name,
        _(
            "does not overlap Kelurahan %(kel)s: it covers %(w).5f, %(s).5f to "
            "%(e).5f, %(n).5f (lon/lat, %(crs)s), %(km).1f km from the "
            "kelurahan; is the coordinate system right?"
        )
        % {
            "kel": kelurahan.name,
            "w": w,
            "s": s,
            "e": e,
            "n": n,
            "crs": facts.crs_label,
            "km": boundary.distance(outline) / 1000,
        },
    )


def _classes_for(present, rows, name, classes_name):
    if rows is None:
        if len(present) > MAX_CLASSES:
            raise FileError(
                name,
                _(
                    "holds %(n)d different values; a land-cover raster holds a "
                    "few classes (is it NDVI or an orthophoto?)"
                )
                % {"n": len(present)},
            )
        return [_unnamed(value, index) for index, value in enumerate(sorted(present))]
    listed = {row.value for row in rows}
    unlisted = sorted(present - listed)
    if unlisted:
        raise FileError(
            name,
            _("holds class values %(values)s that %(classes)s does not list")
            % {
                "values": ", ".join(str(v) for v in unlisted[:20]),
                "classes": classes_name,
            },
        )
    return rows


def _unnamed(value, index):
    return ClassRow(
        value=value,
        label=_("Class %(value)d") % {"value": value},
        idle=False,
        colour=PALETTE[index % len(PALETTE)],
    )


def _keep(
    cog, *, user, kelurahan, kind, name, sha256, size, facts, footprint, summary, rows
):
    # A name of its own: two uploads of one file at once, or a removed file
    # sent again, never share (and so never delete) each other's COG.
    unique = uuid.uuid4().hex[:12]
    relative = Path("rasters") / kelurahan.slug / f"{sha256[:16]}-{unique}-{kind}.tif"
    final = Path(settings.MEDIA_ROOT) / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        with transaction.atomic():
            raster = Raster.objects.create(
                kelurahan=kelurahan,
                kind=kind,
                name=name[:255],
                path=str(relative),
                sha256=sha256,
                size_bytes=size,
                footprint=footprint,
                crs=facts.crs_wkt,
                width=facts.width,
                height=facts.height,
                bands=facts.bands,
                dtype=facts.dtype,
                nodata=_finite_or_none(facts.nodata),
                resolution_m=facts.resolution_m,
                value_min=summary.minimum,
                value_max=summary.maximum,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            LandCoverClass.objects.bulk_create(
                LandCoverClass(
                    raster=raster,
                    value=row.value,
                    label=row.label,
                    idle=row.idle,
                    colour=row.colour,
                )
                for row in rows
            )
            shutil.move(cog, final)
    except BaseException:
        with suppress(FileNotFoundError):
            final.unlink()
        raise
    return raster


def _finite_or_none(value):
    if value is None or value != value:  # NaN: stored as "nodata is NaN" = None
        return None
    return float(value)
