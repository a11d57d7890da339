"""Removing a raster: a wrong upload, or one a newer flight replaces. The record,
its land-cover classes, what it said about each idle plot and the candidates
it proposed that nobody has reviewed go in one transaction; the COG file goes
once that transaction has committed, so a failed removal keeps both.

What people decided stays: an accepted candidate is a reported idle plot, and
a dismissed one keeps other rasters from proposing the same land again; both
keep their record, without the raster."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from rasterio.errors import RasterioIOError

from spatial import permissions
from spatial.errors import NotFound, NotPermitted

from ..models import Candidate, CandidateState, PlotStatistics, Raster

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Removal:
    raster_id: int
    title: str
    candidates_removed: int
    statistics_removed: int
    decisions_kept: int


def raster_remove(*, user, pk) -> Removal:
    with transaction.atomic():
        raster = (
            permissions.visible(user, Raster.objects.all())
            .select_related("kelurahan")
            .select_for_update(of=("self",))
            .filter(pk=pk)
            .first()
        )
        if raster is None:
            raise NotFound(_("No raster #%(id)s.") % {"id": pk})
        if not permissions.may_remove_raster(user, raster):
            raise NotPermitted(
                _("You may not remove rasters of Kelurahan %(name)s.")
                % {"name": raster.kelurahan.name}
            )
        title = str(raster)
        candidates = Candidate.objects.filter(raster=raster)
        _total, by_model = candidates.filter(state=CandidateState.PROPOSED).delete()
        removed = by_model.get(Candidate._meta.label, 0)
        kept = candidates.count()
        statistics = PlotStatistics.objects.filter(raster=raster).count()
        path = raster.file
        raster.delete()
        transaction.on_commit(lambda: _unlink(path, pk))
    logger.info(
        "raster #%s (%s) of Kelurahan %s removed by %s: %s candidates awaiting "
        "review and %s plot statistics with it, %s reviewed candidates kept",
        pk,
        title,
        raster.kelurahan.name,
        user.get_username(),
        removed,
        statistics,
        kept,
    )
    return Removal(
        raster_id=pk,
        title=title,
        candidates_removed=removed,
        statistics_removed=statistics,
        decisions_kept=kept,
    )


def still_there(raster):
    """Lock ``raster``'s row for the rest of the transaction; NotFound when it
    was removed since it was read, so what is written about it (statistics,
    candidates) is not refused by the database."""
    if not Raster.objects.select_for_update().filter(pk=raster.pk).exists():
        raise removed_meanwhile(raster)


def removed_meanwhile(raster):
    return NotFound(
        _("Raster #%(id)s (%(name)s) was removed meanwhile; reload the page.")
        % {"id": raster.pk, "name": raster.name}
    )


@contextmanager
def file_of(raster):
    """Around a read of ``raster``'s file: a file gone because the raster was
    removed meanwhile is NotFound with that reason, not a server error."""
    try:
        yield raster.file
    except RasterioIOError:
        if raster.file.exists():
            raise
        raise removed_meanwhile(raster) from None


def _unlink(path, pk):
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        # The record is gone and nothing points at the file any more; it only
        # takes disk space, so the removal stands and the file is reported.
        logger.warning("raster #%s removed, but its file %s stays: %s", pk, path, error)
