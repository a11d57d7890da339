"""Search on the kelurahan map: RT and RW by number ("RT 3", "3/2", "RW 2"),
a feature by its number ("#12"), and text in addresses, Dasawisma, heads of
household, No. KK and waste point names. Personal fields are searched only for
a user who may read them, and each hit says what it matched."""

import re
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Centroid, PointOnSurface
from django.db.models import Q

from spatial import layers, permissions
from spatial.models import RT, RW, PersonalDataAccess

LIMIT = 20
ID = re.compile(r"^#\s*(\d+)$")
RT_RW = re.compile(
    r"^(?:rt\s*)?0*(\d{1,3})(?:\s*/\s*(?:rw\s*)?0*(\d{1,3})|\s+rw\s*0*(\d{1,3}))?$"
)
RW_ONLY = re.compile(r"^rw\s*0*(\d{1,3})$")
# Text searches: the field, and whether it is the layer's personal data.
TEXT_FIELDS = {
    "households": ("address", "dasawisma", "head_name"),
    "waste_points": ("name",),
}
MIN_TEXT = 3


@dataclass(frozen=True)
class Hit:
    layer: str
    id: int
    label: str
    matched: str
    point: tuple
    # Which one it is, when a text matches many (ten "Yusuf Efendi").
    where: str = ""

    def as_dict(self):
        return {
            "layer": self.layer,
            "id": self.id,
            "label": self.label,
            "matched": self.matched,
            "point": self.point,
            "where": self.where,
        }


def map_search(*, user, kelurahan, query):
    """At most LIMIT hits for ``query`` in ``kelurahan``, and whether more
    were found."""
    q = " ".join(query.lower().split())
    hits = []
    if not q:
        return hits, False
    if match := ID.match(q):
        hits = _by_id(user, kelurahan, int(match.group(1)))
    elif match := RW_ONLY.match(q):
        hits = _rws(kelurahan, int(match.group(1)))
    elif match := RT_RW.match(q):
        rw = match.group(2) or match.group(3)
        hits = _rts(kelurahan, int(match.group(1)), int(rw) if rw else None)
    if not hits and len(q) >= MIN_TEXT:
        hits = _text(user, kelurahan, q)
    return hits[:LIMIT], len(hits) > LIMIT


def _point(geom):
    return (round(geom.x, 7), round(geom.y, 7))


def _rts(kelurahan, number, rw):
    rts = RT.objects.filter(rw__kelurahan=kelurahan, number=number)
    if rw is not None:
        rts = rts.filter(rw__number=rw)
    rts = rts.select_related("rw").annotate(at=PointOnSurface("geom"))
    return [Hit("rt", rt.pk, str(rt), "rt", _point(rt.at)) for rt in rts[: LIMIT + 1]]


def _rws(kelurahan, number):
    rws = RW.objects.filter(kelurahan=kelurahan, number=number).annotate(
        at=PointOnSurface("geom")
    )
    return [Hit("rw", rw.pk, str(rw), "rw", _point(rw.at)) for rw in rws]


def _by_id(user, kelurahan, pk):
    hits = []
    for name in ("idle_plots", "waste_points", "households"):
        layer = layers.get(name)
        queryset = permissions.visible(user, layer.model.objects.filter(pk=pk))
        found = queryset.filter(kelurahan=kelurahan).annotate(at=Centroid("geom"))
        hits += [
            Hit(
                name,
                obj.pk,
                f"{layer.model._meta.verbose_name} #{obj.pk}",
                "id",
                _point(obj.at),
            )
            for obj in found
        ]
    return hits


def _text(user, kelurahan, q):
    hits = []
    for name, fields in TEXT_FIELDS.items():
        layer = layers.get(name)
        model = layer.model
        hidden = permissions.hidden_fields(user, model, kelurahan.pk)
        searched = [f for f in fields if f not in hidden]
        queryset = permissions.in_scope(user, model.objects.filter(kelurahan=kelurahan))
        condition = Q()
        for field in searched:
            condition |= Q(**{f"{field}__icontains": q})
        digits = q.replace(" ", "")
        kk = "kk_numbers" in permissions.personal_fields(model) and (
            "kk_numbers" not in hidden and digits.isdigit() and len(digits) >= 6
        )
        if kk:
            condition |= Q(kk_numbers__icontains=digits)
        if not condition:
            continue
        found = (
            queryset.filter(condition)
            .select_related("rt__rw")
            .order_by("pk")[: LIMIT + 1]
        )
        for obj in found:
            matched = next(
                (f for f in searched if q in (getattr(obj, f) or "").lower()),
                "kk_numbers" if kk else searched[0],
            )
            value = (
                ", ".join(n for n in obj.kk_numbers if digits in n)
                if matched == "kk_numbers"
                else getattr(obj, matched)
            )
            where = " · ".join(
                part for part in (f"#{obj.pk}", str(obj.rt) if obj.rt else "") if part
            )
            hits.append(Hit(name, obj.pk, value, matched, _point(obj.geom), where))
        _log_personal(user, model, kelurahan, hits, name, hidden)
    return hits


def _log_personal(user, model, kelurahan, hits, name, hidden):
    personal = set(permissions.personal_fields(model)) - set(hidden)
    shown = [h for h in hits if h.layer == name and h.matched in personal]
    if shown and user.is_authenticated:
        PersonalDataAccess.objects.create(
            user=user,
            model=model._meta.label,
            kelurahan=kelurahan,
            channel="search",
            records=len(shown),
            detail="map search",
        )
