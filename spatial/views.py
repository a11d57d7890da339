from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Household
from landuse.models import PlotStatus
from waste.models import Kind

from .models import Kelurahan
from .permissions import visible


def home(request):
    totals = Kelurahan.objects.aggregate(area=Sum("area_m2"))
    layers = {
        "kelurahan": reverse("kelurahan-list"),
        "rt": reverse("rt-list"),
        "idle_plots": reverse("idleplot-list"),
        "waste_points": reverse("wastepoint-list"),
    }
    if visible(request.user, Household.objects.all()).exists():
        layers["households"] = reverse("household-list")
    config = {
        "center": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "osmTiles": settings.WAKUNCAR_OSM_TILES,
        "layers": layers,
        "labels": {
            "plain": _("Plain background"),
            "osm": "OpenStreetMap",
            "kelurahan": _("Kelurahan"),
            "rt": _("RT"),
            "households": _("Households"),
            "idle_plots": _("Idle land"),
            "waste_points": _("Waste points"),
            "status": dict(PlotStatus.choices),
            "kind": dict(Kind.choices),
        },
    }
    return render(
        request,
        "spatial/home.html",
        {
            "map_config": config,
            "kelurahan_count": Kelurahan.objects.count(),
            "area_km2": (totals["area"] or 0) / 1e6,
        },
    )
