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
    """Where each role lands after logging in: the lurah and the surveyor on
    their kelurahan's map, where they work; the planner and the city admin on
    the city overview, to pick a kelurahan from."""
    role = permissions.role_of(request.user)
    if role in (Role.LURAH, Role.SURVEYOR) and permissions.scope_kelurahan(
        request.user
    ):
        return redirect("map-editor")
    return redirect("home")


def _kelurahan_of_page(request):
    """The lurah's and surveyor's own kelurahan; the one city admins and
    planners pick with ?kelurahan=slug."""
    own = permissions.scope_kelurahan(request.user)
    slug = request.GET.get("kelurahan")
    if own and slug and Kelurahan.objects.get(pk=own).slug != slug:
        raise PermissionDenied(_("You work in another kelurahan."))
    if own:
        return Kelurahan.objects.get(pk=own)
    if slug:
        return get_object_or_404(Kelurahan, slug=slug)
    kelurahan = Kelurahan.objects.order_by("name").first()
    if kelurahan is None:
        raise PermissionDenied(_("No kelurahan loaded yet."))
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
