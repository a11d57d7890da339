from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from landuse.models import PlotStatus
from spatial import permissions
from spatial.models import Kelurahan
from waste.models import Kind

from .editor import editor_config, kelurahan_choices


def home(request):
    totals = Kelurahan.objects.aggregate(area=Sum("area_m2"))
    layers = {
        "kelurahan": reverse("kelurahan-list"),
        "rt": reverse("rt-list"),
        "idle_plots": reverse("idleplot-list"),
        "waste_points": reverse("wastepoint-list"),
    }
    config = {
        "center": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "osmTiles": settings.WAKUNCAR_OSM_TILES,
        "layers": layers,
        # Households come as vector tiles (tiles/), not one GeoJSON document for
        # the whole city: homes for those who may see them, RT totals otherwise.
        "tiles": {
            "households": reverse("tiles:tilejson", args=["households"]),
            "detail": reverse("household-list"),
        },
        "labels": {
            "plain": _("Plain background"),
            "legend": _("Legend"),
            "osm": "OpenStreetMap",
            "kelurahan": _("Kelurahan"),
            "rt": _("RT"),
            "households": _("Households"),
            "idle_plots": _("Idle land"),
            "waste_points": _("Waste points"),
            "status": dict(PlotStatus.choices),
            "kind": dict(Kind.choices),
            "totals": {
                "totals": _("Households here"),
                "households": _("households"),
                "members": _("people"),
            },
        },
    }
    return render(
        request,
        "mapui/home.html",
        {
            "map_config": config,
            "kelurahan_count": Kelurahan.objects.count(),
            "area_km2": (totals["area"] or 0) / 1e6,
        },
    )


@login_required
def map_editor(request):
    """The lurah's map: their kelurahan; city admins and planners pick one with
    ?kelurahan=slug."""
    own = permissions.scope_kelurahan(request.user)
    slug = request.GET.get("kelurahan")
    if own and slug and Kelurahan.objects.get(pk=own).slug != slug:
        raise PermissionDenied(_("You work in another kelurahan."))
    if own:
        kelurahan = Kelurahan.objects.get(pk=own)
    elif slug:
        kelurahan = get_object_or_404(Kelurahan, slug=slug)
    else:
        kelurahan = Kelurahan.objects.order_by("name").first()
        if kelurahan is None:
            raise PermissionDenied(_("No kelurahan loaded yet."))
    config = editor_config(
        user=request.user,
        kelurahan=kelurahan,
        osm_tiles=settings.WAKUNCAR_OSM_TILES,
        imagery_tiles=settings.WAKUNCAR_IMAGERY_TILES,
    )
    return render(
        request,
        "mapui/editor.html",
        {
            "kelurahan": kelurahan,
            "editor_config": config,
            "kelurahan_choices": kelurahan_choices(request.user),
        },
    )
