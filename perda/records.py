"""The records behind the dashboard's warnings, for its map: what a click on
an RT lists, and a facility's service area. Permissions decide who gets them
and with which fields; reads of personal data are logged."""

from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import NotFound
from spatial.models import RT
from waste.models import Kind, WastePoint

from . import indicators, nearest, selectors
from .disclosure import MIN_PUBLIC_COUNT, SUPPRESSED
from .indicators import FACILITY_KINDS
from .services import _checked_day, thresholds_in_force

LISTED = 200  # records per list on the map; the count says how many in all


def rt_records(*, user, kelurahan, rt_id, as_of=None):
    """An RT's households farther than the threshold from any facility, its
    open dumping and burning spots and its plots unverified too long. Names
    and addresses only for those who may see the kelurahan's personal data."""
    rt = (
        RT.objects.filter(pk=rt_id, rw__kelurahan=kelurahan)
        .select_related("rw")
        .first()
    )
    if rt is None:
        raise NotFound(_("Kelurahan %(k)s has no such RT.") % {"k": kelurahan.name})
    as_of = _checked_day(as_of)
    thresholds = thresholds_in_force()
    params = indicators.query_params(
        indicators.Scope(as_of, (kelurahan.pk,)), thresholds
    )
    personal = permissions.may_see_personal(user, kelurahan.pk)
    nearest.refresh((kelurahan.pk,))
    far = selectors.far_households(params, rt_id=rt.pk, personal=personal)
    plots = selectors.unverified_plots(params, rt_id=rt.pk, personal=personal)
    spots = selectors.open_spots(params, rt_id=rt.pk)
    kinds = dict(Kind.choices)
    for spot in spots:
        spot["kindLabel"] = str(kinds.get(spot["kind"], spot["kind"]))
    if personal:
        shown = min(len(far), LISTED)
        selectors.log_personal_read(
            user=user,
            kelurahan=kelurahan,
            model="households.Household",
            records=shown,
            channel="perda-map",
            detail=f"far from waste services, {rt.code}",
        )
        owners = sum(1 for p in plots[:LISTED] if p.get("owner_name"))
        selectors.log_personal_read(
            user=user,
            kelurahan=kelurahan,
            model="landuse.IdlePlot",
            records=owners,
            channel="perda-map",
            detail=f"unverified plots, {rt.code}",
        )
    return {
        "rt": {"id": rt.pk, "code": rt.code, "label": str(rt)},
        "far": {"count": len(far), "items": far[:LISTED]},
        "spots": {"count": len(spots), "items": spots[:LISTED]},
        "plots": {"count": len(plots), "items": plots[:LISTED]},
        "distance_m": thresholds["far_from_service.distance_m"],
    }


def facility_service_area(*, user, facility_id, with_households):
    """The households for which this TPS, TPS3R, TPST or bank sampah is the
    nearest facility: its cell, and for those who may see households, the
    households (of the kelurahan they work in, for a lurah or surveyor). The
    public gets the cell and a count, withheld under five."""
    facility = (
        WastePoint.objects.filter(
            pk=facility_id, kind__in=FACILITY_KINDS, status="active"
        )
        .only("id", "name", "kind")
        .first()
    )
    if facility is None:
        raise NotFound(
            _("There is no active waste facility #%(id)s.") % {"id": facility_id}
        )
    scope = permissions.scope_kelurahan(user)
    nearest.refresh((scope,) if scope else None)
    area = selectors.service_area(facility.pk, kelurahan_id=scope)
    count = len(area["households"])
    listed = area["households"] if with_households else []
    if not with_households and 0 < count < MIN_PUBLIC_COUNT:
        count = SUPPRESSED
    return {
        "facility": {"id": facility.pk, "name": str(facility), "kind": facility.kind},
        "cell": area["cell"],
        "count": count,
        "households": listed,
        "scope": "kelurahan" if scope else "city",
    }
