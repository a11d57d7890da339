"""The rasters page of a kelurahan: its rasters over the map with opacity and
legend, the upload form, and the candidate idle land to review."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.models import Kelurahan

from .io.facts import KINDS, kind_label
from .models import Raster
from .presenting import page_config
from .services.imports import max_raster_bytes


@login_required
def own_kelurahan(request):
    """The top bar's link: the user's kelurahan, or the first for those who
    see every kelurahan."""
    own = permissions.scope_kelurahan(request.user)
    kelurahan = (
        Kelurahan.objects.filter(pk=own).first()
        if own
        else Kelurahan.objects.order_by("name").first()
    )
    if kelurahan is None or not permissions.may_see_rasters(request.user, kelurahan):
        raise PermissionDenied(_("You may not see rasters."))
    return redirect("rasters:kelurahan", slug=kelurahan.slug)


@login_required
def kelurahan_page(request, slug):
    kelurahan = get_object_or_404(Kelurahan, slug=slug)
    if not permissions.may_see_rasters(request.user, kelurahan):
        raise PermissionDenied(_("You may not see this kelurahan's rasters."))
    rasters = (
        permissions.visible(request.user, Raster.objects.filter(kelurahan=kelurahan))
        .select_related("uploaded_by", "kelurahan")
        .prefetch_related("classes")
    )
    choices = (
        list(Kelurahan.objects.order_by("name").values("slug", "name"))
        if permissions.access_for(request.user).sees_every_kelurahan
        else []
    )
    return render(
        request,
        "rasters/kelurahan.html",
        {
            "kelurahan": kelurahan,
            "rasters": rasters,
            "kinds": [(k, capfirst(kind_label(k))) for k in KINDS],
            "max_mb": max_raster_bytes() // 1048576,
            "kelurahan_choices": choices,
            "page_config": page_config(
                user=request.user,
                kelurahan=kelurahan,
                rasters=rasters,
                osm_tiles=settings.WAKUNCAR_OSM_TILES,
            ),
        },
    )
