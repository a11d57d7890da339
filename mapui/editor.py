"""What the map editor page needs to know: the kelurahan shown, the layers the
user may load, whether they may edit, and the words and choices for the forms."""

from django.urls import reverse
from django.utils.translation import gettext as _

from households.models import Household
from landuse.models import Condition, IdlePlot, Ownership, PlotStatus, ProposedUse
from spatial import permissions
from spatial.models import Kelurahan
from waste.models import FACILITY_STATUSES, SPOT_STATUSES, Kind, Status, WastePoint


def choices(enum):
    return [[value, str(label)] for value, label in enum.choices]


def editor_config(*, user, kelurahan, osm_tiles, imagery_tiles):
    query = f"?kelurahan={kelurahan.slug}"
    layers = {
        "kelurahan": reverse("kelurahan-list") + query,
        "rw": reverse("rw-list") + query,
        "rt": reverse("rt-list") + query,
        "idle_plots": reverse("idleplot-list") + query,
        "waste_points": reverse("wastepoint-list") + query,
    }
    if permissions.visible(
        user, Household.objects.filter(kelurahan=kelurahan)
    ).exists():
        layers["households"] = reverse("household-list") + query
    return {
        "kelurahan": {
            "slug": kelurahan.slug,
            "name": kelurahan.name,
            "bbox": kelurahan.geom.extent,
        },
        "layers": layers,
        "endpoints": {
            "idle_plots": reverse("idleplot-list"),
            "waste_points": reverse("wastepoint-list"),
        },
        "canEdit": {
            "idle_plots": permissions.may_change(user, IdlePlot(kelurahan=kelurahan)),
            "waste_points": permissions.may_change(
                user, WastePoint(kelurahan=kelurahan)
            ),
        },
        "ownerVisible": permissions.may_see_personal(user, kelurahan.pk),
        "basemaps": {"osm": osm_tiles, "imagery": imagery_tiles},
        "choices": {
            "status": choices(PlotStatus),
            "condition": choices(Condition),
            "ownership": choices(Ownership),
            "proposed_use": choices(ProposedUse),
            "kind": choices(Kind),
            "waste_status": choices(Status),
            "facility_statuses": sorted(FACILITY_STATUSES),
            "spot_statuses": sorted(SPOT_STATUSES),
        },
        "text": editor_text(),
    }


def editor_text():
    return {
        "plain": _("Plain background"),
        "legend": _("Legend"),
        "osm": "OpenStreetMap",
        "imagery": _("Imagery"),
        "kelurahan": _("Kelurahan"),
        "rw": _("RW"),
        "rt": _("RT"),
        "households": _("Households"),
        "idle_plots": _("Idle land"),
        "waste_points": _("Waste points"),
        "new_plot": _("New idle plot"),
        "new_point": _("New waste point"),
        "plot": _("Idle plot"),
        "point": _("Waste point"),
        "save": _("Save"),
        "saved": _("Saved."),
        "cancel": _("Cancel"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete %(what)s? This is recorded in its history."),
        "deleted": _("Deleted."),
        "edit_shape": _("Edit shape"),
        "move": _("Move"),
        "stop_editing": _("Done editing shape"),
        "history": _("History"),
        "restore": _("Restore this version"),
        "restored": _("Restored."),
        "use_repaired": _("Use the repaired shape"),
        "conflict": _("Someone else saved this in the meantime."),
        "load_theirs": _("Load their version"),
        "save_mine": _("Save mine over theirs"),
        "not_saved": _("Not saved:"),
        "area": _("Area"),
        "search": _("Search RT, address or plot #id"),
        "no_results": _("Nothing found."),
        "version": _("version"),
        "field": {
            "status": _("status"),
            "condition": _("current condition"),
            "ownership": _("ownership"),
            "owner_name": _("owner name"),
            "proposed_use": _("proposed use"),
            "notes": _("notes"),
            "name": _("name"),
            "kind": _("kind"),
            "capacity_m3": _("capacity (m³)"),
            "operator": _("operator"),
            "collection_schedule": _("collection schedule"),
            "reported_on": _("reported on"),
            "cleared_on": _("cleared on"),
        },
        "action": {
            "create": _("Created"),
            "update": _("Updated"),
            "delete": _("Deleted"),
            "restore": _("Restored"),
        },
    }


def kelurahan_choices(user):
    if permissions.access_for(user).sees_every_kelurahan:
        return list(Kelurahan.objects.order_by("name").values("slug", "name"))
    return []
