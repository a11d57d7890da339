"""Reads across the boundary models."""

from .models import RT, Kelurahan


def rt_covering(point):
    """The RT whose boundary covers the point, or None. On a shared edge the RT
    with the lowest code wins, so the answer is stable."""
    return (
        RT.objects.covering(point)
        .select_related("rw__kelurahan")
        .order_by("code")
        .first()
    )


def kelurahan_covering(point):
    return Kelurahan.objects.covering(point).order_by("code").first()
