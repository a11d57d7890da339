"""Rasters as the map pages show them: labels, tile URL, bounds and legend, in
one place for the rasters page and the map editor."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .models import Kind

TILE_PLACEHOLDER = 999999


def raster_item(raster):
    tiles = reverse(
        "rasters:tile",
        kwargs={
            "pk": raster.pk,
            "z": TILE_PLACEHOLDER,
            "x": TILE_PLACEHOLDER + 1,
            "y": TILE_PLACEHOLDER + 2,
        },
    )
    for placeholder, name in zip(
        (TILE_PLACEHOLDER, TILE_PLACEHOLDER + 1, TILE_PLACEHOLDER + 2),
        ("{z}", "{x}", "{y}"),
        strict=True,
    ):
        tiles = tiles.replace(f"/{placeholder}", f"/{name}", 1)
    w, s, e, n = raster.footprint.extent
    return {
        "id": raster.pk,
        "kind": raster.kind,
        "kind_label": str(raster.get_kind_display()),
        "name": raster.name,
        "title": str(raster),
        "uploaded_at": date_format(localtime(raster.uploaded_at), "DATETIME_FORMAT"),
        "uploaded_by": raster.uploaded_by.get_username() if raster.uploaded_by else "",
        "size": f"{raster.width} × {raster.height}",
        "resolution_m": round(raster.resolution_m, 3),
        "bounds": [[s, w], [n, e]],
        "tiles": tiles,
        "legend": legend(raster),
    }


def upload_item(upload):
    """A raster sent through the page, as the page follows it."""
    return {
        "upload": upload.pk,
        "name": upload.name,
        "state": upload.state,
        "state_label": str(upload.get_state_display()),
        "message": upload.message,
        "raster": raster_item(upload.raster) if upload.raster else None,
        "status": reverse("rasters:upload-status", kwargs={"pk": upload.pk}),
    }


def legend(raster):
    if raster.kind == Kind.LANDCOVER:
        return {
            "classes": [
                {"label": c.label, "colour": c.colour, "idle": c.idle, "value": c.value}
                for c in raster.classes.all()
            ]
        }
    if raster.kind == Kind.NDVI:
        return {
            "gradient": [
                "#a50026",
                "#f46d43",
                "#fee08b",
                "#d9ef8b",
                "#66bd63",
                "#006837",
            ],
            "low": _("-1 (water, bare)"),
            "high": _("1 (dense vegetation)"),
        }
    return None


def _with_id(name):
    return reverse(name, kwargs={"pk": TILE_PLACEHOLDER}).replace(
        str(TILE_PLACEHOLDER), "{id}"
    )


def page_config(*, user, kelurahan, rasters, osm_tiles):
    """What the rasters page's scripts need: the kelurahan, its rasters, the
    endpoints, what the user may do, and the words."""
    from spatial import permissions

    from .services.uploads import followed_uploads

    return {
        "kelurahan": {
            "slug": kelurahan.slug,
            "name": kelurahan.name,
            "bbox": kelurahan.geom.extent,
            "geojson": kelurahan.geom.geojson,
        },
        "rasters": [raster_item(r) for r in rasters],
        "endpoints": {
            "upload": reverse("rasters:upload", kwargs={"slug": kelurahan.slug}),
            "candidates": reverse(
                "rasters:candidates", kwargs={"slug": kelurahan.slug}
            ),
            "search": reverse("rasters:search", kwargs={"slug": kelurahan.slug}),
            "accept": _with_id("rasters:accept"),
            "dismiss": _with_id("rasters:dismiss"),
            "remove": _with_id("rasters:remove"),
        },
        "canUpload": permissions.may_upload_raster(user, kelurahan),
        "removable": [r.pk for r in rasters if permissions.may_remove_raster(user, r)],
        "uploads": [
            upload_item(u) for u in followed_uploads(user=user, kelurahan=kelurahan)
        ],
        "canReview": permissions.may_review_candidates(user, kelurahan),
        "osmTiles": osm_tiles,
        "text": page_text(),
    }


def page_text():
    return {
        "plain": _("Plain background"),
        "osm": "OpenStreetMap",
        "kelurahan": _("Kelurahan"),
        "opacity": _("Opacity"),
        "legend": _("Legend"),
        "no_raster": _("No raster shown"),
        "candidates": _("Candidate idle land"),
        "no_candidates": _("No candidates awaiting review."),
        "area": _("Area"),
        "found_by": _("Found by"),
        "accept": _("Accept as reported plot"),
        "dismiss": _("Dismiss"),
        "accepted": _("Accepted: idle plot #%(plot)s, reported (not verified)."),
        "dismissed": _("Dismissed: it will not be proposed again."),
        "search": _("Search for candidates"),
        "searching": _("Searching…"),
        "found": _("%(n)s candidates awaiting review (%(new)s new) from %(rule)s."),
        # Only the sending: the check follows in the background.
        "uploading": _("Sending the file…"),
        "uploaded": _("Kept: %(title)s."),
        "queued": _("%(name)s: waiting to be checked…"),
        "queued_long": _(
            "Still waiting: the background worker may not be running. Nothing "
            "is lost; the file is checked as soon as it runs."
        ),
        "no_answer": _(
            "No answer from the server (the connection was lost). Reload the "
            "page to see whether the file arrived."
        ),
        "running": _(
            "%(name)s: being checked… large orthophotos take minutes; you may "
            "leave this page and come back."
        ),
        "not_saved": _("Not saved:"),
        "show": _("Show on map"),
        "idle": _("idle"),
        "remove": _("Remove"),
        "remove_confirm": _(
            "Remove %(title)s? Its statistics of the idle plots and the "
            "candidates it proposed that nobody has reviewed go with it; "
            "accepted and dismissed candidates stay. This cannot be undone."
        ),
        "removed": _(
            "Removed: %(title)s, with %(candidates_removed)s candidates awaiting "
            "review and %(statistics_removed)s plot statistics."
        ),
        "not_removed": _("Not removed:"),
    }


def editor_rasters(*, user, kelurahan):
    """The rasters part of the map editor's configuration, or None for a user
    who may not see the kelurahan's rasters."""
    from spatial import permissions

    from .models import Raster

    if not permissions.may_see_rasters(user, kelurahan):
        return None
    rasters = (
        permissions.visible(user, Raster.objects.filter(kelurahan=kelurahan))
        .select_related("uploaded_by")
        .prefetch_related("classes")
    )
    return {
        "rasters": [raster_item(r) for r in rasters],
        "page": reverse("rasters:kelurahan", kwargs={"slug": kelurahan.slug}),
        "endpoints": {
            "candidates": reverse(
                "rasters:candidates", kwargs={"slug": kelurahan.slug}
            ),
            "accept": _with_id("rasters:accept"),
            "dismiss": _with_id("rasters:dismiss"),
            "statistics": _with_id("rasters:plot-statistics"),
        },
        "canReview": permissions.may_review_candidates(user, kelurahan),
        "text": {
            **page_text(),
            "rasters": _("Rasters"),
            "statistics": _("From the rasters"),
            "no_statistics": _("No raster covers this plot."),
            "ndvi_mean": _("mean NDVI"),
            "ndvi_range": _("NDVI lowest – highest"),
            "bare_share": _("bare-land share"),
            "from_candidate": _("Accepted from candidate"),
        },
    }
