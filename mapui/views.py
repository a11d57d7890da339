from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.models import Kelurahan, Role

from .config import editor_config, home_config, kelurahan_choices
from .search import map_search


def home(request):
    """The city map: what the public sees, and for a logged-in user their own
    kelurahan's layers too, with the way to their kelurahan's map."""
    totals = Kelurahan.objects.aggregate(area=Sum("area_m2"))
    own = permissions.scope_kelurahan(request.user)
    return render(
        request,
        "mapui/home.html",
        {
            "map_config": home_config(user=request.user),
            "kelurahan_count": Kelurahan.objects.count(),
            "area_km2": (totals["area"] or 0) / 1e6,
            "own_kelurahan": Kelurahan.objects.filter(pk=own).first(),
            "kelurahan_choices": kelurahan_choices(request.user),
        },
    )


@login_required
def start(request):
    """Where each role lands after logging in: the lurah on their kelurahan's
    Perda dashboard (which leads to its map), the surveyor on the map where
    they add households; the planner and the city admin on the city overview,
    to pick a kelurahan from."""
    role = permissions.role_of(request.user)
    own = Kelurahan.objects.filter(pk=permissions.scope_kelurahan(request.user))
    if role == Role.LURAH and own.exists():
        # The lurah starts where the Perda asks them to look: their RTs.
        return redirect("perda:kelurahan", slug=own.get().slug)
    if role == Role.SURVEYOR and own.exists():
        return redirect("map-editor")
    return redirect("home")


def _kelurahan_of_page(request):
    """The lurah's and surveyor's own kelurahan; the one city admins and
    planners pick with ?kelurahan=slug."""
    own = permissions.scope_kelurahan(request.user)
    slug = request.GET.get("kelurahan")
    if slug:
        kelurahan = get_object_or_404(Kelurahan, slug=slug)
    elif own:
        kelurahan = Kelurahan.objects.get(pk=own)
    else:
        kelurahan = Kelurahan.objects.order_by("name").first()
        if kelurahan is None:
            raise PermissionDenied(_("No kelurahan loaded yet."))
    if not permissions.may_open_kelurahan_map(request.user, kelurahan):
        raise PermissionDenied(_("You work in another kelurahan."))
    return kelurahan


@login_required
def map_editor(request):
    kelurahan = _kelurahan_of_page(request)
    config = editor_config(user=request.user, kelurahan=kelurahan)
    return render(
        request,
        "mapui/editor.html",
        {
            "kelurahan": kelurahan,
            "editor_config": config,
            "may_draw": any(f["canAdd"] for f in config["features"]),
            "kelurahan_choices": kelurahan_choices(request.user),
        },
    )


@login_required
def search(request):
    """Hits for ``?q=`` on the map of ``?kelurahan=``, as JSON."""
    kelurahan = _kelurahan_of_page(request)
    hits, truncated = map_search(
        user=request.user, kelurahan=kelurahan, query=request.GET.get("q", "")
    )
    return JsonResponse(
        {"results": [hit.as_dict() for hit in hits], "truncated": truncated}
    )
