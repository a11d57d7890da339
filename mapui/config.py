"""What the map pages tell their scripts: the layers this user may load, which
they may add to, each layer's fields as the API describes them
(spatial.api.metadata), and the words of the page. The home map and the
editor are built from the same layer descriptions."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from rasters.presenting import editor_rasters
from spatial import layers, permissions
from spatial.api.metadata import describe

BOUNDARIES = ("kelurahan", "rw", "rt")
# Drawn under one another in this order; households last, the densest.
FEATURES = ("idle_plots", "waste_points", "households")
GEOMETRY = {"idle_plots": "polygon", "waste_points": "point", "households": "point"}
# Too many for full GeoJSON: only the place goes in the list, the rest is read
# when a feature is opened.
COMPACT = frozenset({"households"})


def list_url(layer, kelurahan=None, **params):
    url = reverse(f"{layer.api_basename}-list")
    if kelurahan is not None:
        params["kelurahan"] = kelurahan.slug
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


def feature_layers(*, user, kelurahan=None):
    """The feature layers this user sees (in a kelurahan, or city-wide), each
    with what the map needs to draw, open and edit its features."""
    # City-wide, a lurah reads personal fields on their own kelurahan's rows,
    # which the server fills in row by row (permissions.shown_properties).
    kelurahan_id = (
        kelurahan.pk if kelurahan is not None else permissions.scope_kelurahan(user)
    )
    described = []
    for name in FEATURES:
        layer = layers.get(name)
        queryset = layer.model.objects.all()
        if kelurahan is not None:
            queryset = queryset.filter(kelurahan=kelurahan)
        may_add = kelurahan is not None and permissions.may_add(
            user, layer.model, kelurahan
        )
        if not may_add and not permissions.visible(user, queryset).exists():
            continue
        params = {"properties": ""} if name in COMPACT else {}
        described.append(
            {
                "name": name,
                "label": str(layer.label).capitalize(),
                "title": str(layer.model._meta.verbose_name).capitalize(),
                "geometry": GEOMETRY[name],
                "url": list_url(layer, kelurahan, **params),
                "endpoint": reverse(f"{layer.api_basename}-list"),
                "compact": name in COMPACT,
                "canAdd": may_add,
                "fields": describe(
                    layer.viewset.serializer_class, user=user, kelurahan_id=kelurahan_id
                ),
            }
        )
    return described


def boundary_layers(kelurahan=None):
    urls = {}
    for name in BOUNDARIES:
        layer = layers.get(name)
        urls[name] = {
            "url": list_url(layer, kelurahan),
            "label": str(layer.model._meta.verbose_name_plural).upper()
            if name != "kelurahan"
            else str(layer.model._meta.verbose_name).capitalize(),
        }
    return urls


def editor_config(*, user, kelurahan):
    return {
        "kelurahan": {
            "slug": kelurahan.slug,
            "name": kelurahan.name,
            "bbox": kelurahan.geom.extent,
        },
        "boundaries": boundary_layers(kelurahan),
        "features": feature_layers(user=user, kelurahan=kelurahan),
        "snapMetres": settings.WAKUNCAR_SNAP_M,
        "searchUrl": reverse("map-search"),
        "basemaps": basemaps(),
        "text": page_text(),
        "geoman": geoman_text(),
        "rasters": editor_rasters(user=user, kelurahan=kelurahan),
    }


def tiled(features, *, user):
    """The city map draws households from vector tiles (tiles/), never as one
    GeoJSON document of the whole city: homes for those who may see them, RT
    totals for everybody else."""
    layer = layers.get("households")
    households = next((f for f in features if f["name"] == "households"), None)
    if households is None:
        households = {
            "name": "households",
            "label": str(layer.label).capitalize(),
            "title": str(layer.model._meta.verbose_name).capitalize(),
            "geometry": "point",
            "endpoint": reverse(f"{layer.api_basename}-list"),
            "compact": True,
            "canAdd": False,
            "fields": [],
        }
        features = [*features, households]
    households["tiles"] = reverse("tiles:tilejson", args=["households"])
    return features


def home_config(*, user):
    return {
        "center": settings.LEAFLET_CONFIG["DEFAULT_CENTER"],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "boundaries": {
            name: spec
            for name, spec in boundary_layers().items()
            if name in ("kelurahan", "rt")
        },
        "features": tiled(feature_layers(user=user), user=user),
        "basemaps": basemaps(),
        "text": page_text(),
        "editorUrl": reverse("map-editor"),
        "openable": openable_kelurahan(user),
    }


def openable_kelurahan(user):
    """Whose kelurahan map the user may open from the city map: "all", or the
    slugs of their own."""
    from spatial.models import Kelurahan

    access = permissions.access_for(user)
    if access.sees_every_kelurahan:
        return "all"
    own = Kelurahan.objects.filter(pk=access.kelurahan_id).values_list(
        "slug", flat=True
    )
    return list(own)


def basemaps():
    return {
        "osm": settings.WAKUNCAR_OSM_TILES,
        "imagery": settings.WAKUNCAR_IMAGERY_TILES,
    }


def page_text():
    return {
        "plain": _("Plain background"),
        "households_here": _("Households here"),
        "households_unit": _("households"),
        "people": _("people"),
        "legend": _("Legend"),
        "osm": "OpenStreetMap",
        "imagery": _("Imagery"),
        "new": _("New %(what)s"),
        "save": _("Save"),
        "saved": _("Saved."),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete %(what)s? This is recorded in its history."),
        "deleted": _("Deleted."),
        "edit_shape": _("Edit shape"),
        "move": _("Move"),
        "verify": _("Verify"),
        "verified": _("Verified."),
        "history": _("History"),
        "restore": _("Restore this version"),
        "restored": _("Restored."),
        "use_repaired": _("Use the repaired shape"),
        "conflict": _("Someone else saved this in the meantime."),
        "load_theirs": _("Load their version"),
        "save_mine": _("Save mine over theirs"),
        "not_saved": _("Not saved:"),
        "area": _("Area"),
        "kecamatan": _("Kecamatan"),
        "yes": _("Yes"),
        "no": _("No"),
        "unknown": _("Not known"),
        "wib": _("WIB"),
        "hidden_value": _("Not shown to you; type a new value to replace it."),
        "hidden_read_only": _("Not shown to you."),
        "loading": _("Loading…"),
        "not_loaded": _("Could not load this feature."),
        "open_kelurahan": _("Open the map of Kelurahan %(name)s"),
        "no_results": _("Nothing found."),
        "more_results": _("Only the first %(n)s results are shown; type more."),
        "version": _("version"),
        "panel": _("Panel"),
        "close_panel": _("Hide the panel"),
        "action": {
            "create": _("Created"),
            "update": _("Updated"),
            "delete": _("Deleted"),
            "restore": _("Restored"),
        },
        "matched": {
            "rt": _("RT"),
            "rw": _("RW"),
            "address": _("address"),
            "dasawisma": _("Dasawisma"),
            "head_name": _("head of household"),
            "kk_numbers": _("No. KK"),
            "name": _("name"),
            "id": _("number"),
        },
    }


def geoman_text():
    """Leaflet-Geoman's own words in the page's language (its Indonesian
    translation is half English)."""
    return {
        "tooltips": {
            "placeMarker": _("Click to place the point"),
            "placeMarkerTouch": _("Tap the map to place the point"),
            "firstVertex": _("Click to place the first corner"),
            "continueLine": _("Click to add the next corner"),
            "finishLine": _("Click any corner to finish"),
            "finishPoly": _("Click the first corner to finish"),
            "finishRect": _("Click to finish"),
        },
        "actions": {
            "finish": _("Finish"),
            "cancel": _("Cancel"),
            "removeLastVertex": _("Remove the last corner"),
        },
        "buttonTitles": {
            "drawMarkerButton": _("Add a waste point"),
            "drawPolyButton": _("Draw an idle plot"),
            "drawRectButton": _("Draw a rectangular idle plot"),
        },
    }


def kelurahan_choices(user):
    from spatial.models import Kelurahan

    if permissions.access_for(user).sees_every_kelurahan:
        return list(Kelurahan.objects.order_by("name").values("slug", "name"))
    return []
