"""Zonal statistics of idle plots: for each plot and each raster of its
kelurahan that covers it, the share of each land-cover class, mean, lowest and
highest NDVI, and the bare-land share.

When they are computed: a new raster computes them for every plot of its
kelurahan at import (``raster_import`` calls ``statistics_refresh``). A plot's
shape changes in spatial.services.editing, which belongs to the core and must
not call an app (arrows point into the core), and signals hide logic; so each
row keeps the hash of the shape it was computed for, and every read (the plot
panel, exports) first recomputes the rows whose hash no longer matches. That
also catches shapes changed by the admin, a restore, or any future import,
without each of them having to remember this app."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db import transaction
from django.db.models import CharField, Exists, Func, OuterRef
from django.utils.translation import gettext as _

from landuse.models import IdlePlot
from spatial import permissions
from spatial.errors import NotFound

from ..io.zonal import zonal_statistics
from ..models import Candidate, Kind, PlotStatistics, Raster
from ..thresholds import bare_range
from .removal import file_of, still_there

UPDATED = (
    "geom_hash",
    "pixels",
    "class_counts",
    "class_summary",
    "idle_share",
    "ndvi_mean",
    "ndvi_min",
    "ndvi_max",
    "bare_share",
    "computed_at",
)


def geom_hash():
    return Func(
        Func("geom", function="ST_AsEWKB"), function="md5", output_field=CharField()
    )


def stale_plots(raster, plots=None):
    """The plots of ``raster``'s kelurahan that it covers and whose statistics
    from it are missing or older than their shape."""
    queryset = IdlePlot.objects.filter(
        kelurahan_id=raster.kelurahan_id, geom__intersects=raster.footprint
    )
    if plots is not None:
        queryset = queryset.filter(pk__in=plots)
    return (
        queryset.annotate(shape_hash=geom_hash())
        .exclude(
            Exists(
                PlotStatistics.objects.filter(
                    plot=OuterRef("pk"), raster=raster, geom_hash=OuterRef("shape_hash")
                )
            )
        )
        .annotate(geojson=AsGeoJSON("geom"))
        .values_list("pk", "shape_hash", "geojson")
    )


def statistics_refresh(*, rasters, plots=None) -> int:
    """Recompute what is stale for ``plots`` (ids or a queryset; all when None)
    over each of ``rasters``; returns how many rows were written."""
    written = 0
    for raster in rasters:
        stale = list(stale_plots(raster, plots))
        if not stale:
            continue
        hashes = {pk: shape_hash for pk, shape_hash, _g in stale}
        classes = {c.value: c for c in raster.classes.all()}
        try:
            with file_of(raster) as path:
                zones = zonal_statistics(
                    path,
                    [(pk, json.loads(geojson)) for pk, _h, geojson in stale],
                    kind=raster.kind,
                    bare_range=bare_range(raster.kind),
                )
        except NotFound:
            continue  # removed meanwhile: nothing to say about it any more
        rows = [
            PlotStatistics(
                plot_id=pk,
                raster_id=raster.pk,
                geom_hash=hashes[pk],
                pixels=zone.pixels,
                class_counts=zone.class_counts,
                **_class_columns(zone, classes),
                ndvi_mean=zone.ndvi_mean,
                ndvi_min=zone.ndvi_min,
                ndvi_max=zone.ndvi_max,
                bare_share=zone.bare_share,
            )
            for pk, zone in zones.items()
        ]
        with transaction.atomic():
            try:
                still_there(raster)
            except NotFound:
                continue
            PlotStatistics.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["plot", "raster"],
                update_fields=UPDATED,
                batch_size=1000,
            )
        written += len(rows)
    return written


def _class_columns(zone, classes):
    if not classes or not zone.pixels:
        return {"class_summary": "", "idle_share": None}
    counts = sorted(
        ((int(v), n) for v, n in zone.class_counts.items()), key=lambda c: -c[1]
    )
    summary = "; ".join(
        f"{classes[v].label if v in classes else v} {100 * n / zone.pixels:.1f} %"
        for v, n in counts
    )
    idle = sum(n for v, n in counts if v in classes and classes[v].idle)
    return {"class_summary": summary[:254], "idle_share": idle / zone.pixels}


def rasters_covering(plot):
    return Raster.objects.filter(
        kelurahan_id=plot.kelurahan_id, footprint__intersects=plot.geom
    )


def plot_statistics(*, user, pk) -> dict:
    """What the rasters of a plot's kelurahan say about it, newest raster of
    each kind first, computed afresh where the shape changed since; and the
    candidate it was accepted from, if any."""
    plot = (
        permissions.visible(user, IdlePlot.objects.select_related("kelurahan"))
        .filter(pk=pk)
        .first()
    )
    if plot is None or not permissions.may_see_rasters(user, plot.kelurahan):
        raise NotFound(_("No raster statistics for idle plot #%(id)s.") % {"id": pk})
    rasters = list(rasters_covering(plot).order_by("-uploaded_at", "-id"))
    statistics_refresh(rasters=rasters, plots=[plot.pk])
    rows = {
        row.raster_id: row
        for row in PlotStatistics.objects.filter(
            plot=plot, raster__in=rasters, pixels__gt=0
        )
    }
    newest = {}
    for raster in rasters:
        if raster.pk in rows and raster.kind not in newest:
            newest[raster.kind] = _summary(raster, rows[raster.pk])
    return {
        "plot": plot.pk,
        "rasters": [newest[kind] for kind in Kind.values if kind in newest],
        "candidate": _provenance(plot),
    }


def _summary(raster, row):
    summary = {
        "kind": raster.kind,
        "kind_label": str(raster.get_kind_display()),
        "raster": {
            "id": raster.pk,
            "name": raster.name,
            "uploaded_at": raster.uploaded_at.isoformat(),
            "resolution_m": raster.resolution_m,
        },
        "pixels": row.pixels,
        "bare_share": row.bare_share,
    }
    if raster.kind == Kind.LANDCOVER:
        shares = row.class_shares()
        summary["classes"] = [
            {
                "value": c.value,
                "label": c.label,
                "idle": c.idle,
                "colour": c.colour,
                "share": shares[c.value],
            }
            for c in raster.classes.all()
            if c.value in shares
        ]
        summary["classes"].sort(key=lambda c: -c["share"])
    if raster.kind == Kind.NDVI:
        summary["ndvi"] = {
            "mean": row.ndvi_mean,
            "min": row.ndvi_min,
            "max": row.ndvi_max,
        }
    return summary


def _provenance(plot):
    candidate = (
        Candidate.objects.filter(plot=plot).select_related("raster", "reviewed_by")
    ).first()
    if candidate is None:
        return None
    return {
        "id": candidate.pk,
        "rule": candidate.rule,
        "raster": str(candidate.raster) if candidate.raster else None,
        "found_at": candidate.found_at.isoformat(),
        "reviewed_by": candidate.reviewed_by.get_username()
        if candidate.reviewed_by
        else None,
    }
