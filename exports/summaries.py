"""Totals per RT or per kelurahan, as CSV or XLSX: households and how many sort
their waste, idle land in hectares by status, waste points by kind. Counted
from what spatial.permissions lets the user see, so a lurah's table covers
their own kelurahan."""

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from exports.models import ExportLog
from households.models import Household
from landuse.models import IdlePlot, PlotStatus
from spatial import permissions
from spatial.errors import InvalidInput, NotFound, NotPermitted
from spatial.io.writers import FORMATS, Column, Layer, write_layers
from spatial.measure import M2_PER_HA
from spatial.models import RT, Kelurahan
from waste.models import Kind, WastePoint

from .services import Export, discard, output_path

PER = ("rt", "kelurahan")
SUMMARY_FORMATS = ("csv", "xlsx")
HA_DECIMALS = 4  # a square metre


def summary_export(
    *,
    user,
    per: str,
    format: str,
    out: Path | str | None = None,
    kelurahan: str | None = None,
) -> Export:
    """One row per RT (``per="rt"``) or per kelurahan, optionally of one
    kelurahan (slug). Only those who may export households get their totals."""
    if per not in PER:
        raise InvalidInput(_("Summarise per rt or per kelurahan, not %s.") % per)
    if format not in SUMMARY_FORMATS:
        raise InvalidInput(_("A summary table is CSV or XLSX, not %s.") % format)
    if not permissions.may_summarise(user):
        raise NotPermitted(_("You may not export household totals."))
    units = _units(user, per, kelurahan)
    fmt = FORMATS[format]
    # Named and headed in the user's language; dated by the day in WIB; a
    # lurah's table is of their kelurahan, and says so.
    own = Kelurahan.objects.filter(pk=permissions.scope_kelurahan(user)).first()
    scope = kelurahan or (own.slug if own else "kota-metro")
    filename = f"{_('summary')}-{per}-{scope}-{timezone.localdate():%Y%m%d}"
    path = output_path(out, filename + fmt.suffix)
    try:
        with transaction.atomic():
            columns, rows = _table(user, per, units)
            name = f"summary_{per}"
            layer = Layer(name, columns, [[(None, *row) for row in rows]])
            write_layers(path, [layer], format=format)
            ExportLog.objects.create(
                user=user if user.pk else None,
                layer=name,
                format=format,
                filters={"kelurahan": kelurahan} if kelurahan else {},
                fields=[c.name for c in columns],
                features=layer.written,
            )
    except BaseException:
        discard(path, temporary=out is None)
        raise
    return Export(
        path=path,
        filename=filename + fmt.suffix,
        content_type=fmt.content_type,
        features={name: layer.written},
        personal_data=False,
        temporary=out is None,
    )


def _units(user, per, slug):
    kelurahan = Kelurahan.objects.select_related("kecamatan")
    if slug:
        kelurahan = kelurahan.filter(slug=slug)
        if not kelurahan.exists():
            raise NotFound(_("There is no kelurahan %(slug)s.") % {"slug": slug})
        if not permissions.may_export_in(user, Household, kelurahan.get().pk):
            # An empty table would read like an answer.
            raise NotPermitted(
                _("You may not export household totals of that kelurahan.")
            )
    scope = permissions.scope_kelurahan(user)
    if scope is not None:
        kelurahan = kelurahan.filter(pk=scope)
    if per == "kelurahan":
        return list(kelurahan.order_by("code"))
    rts = RT.objects.filter(rw__kelurahan__in=kelurahan)
    return list(rts.select_related("rw__kelurahan__kecamatan").order_by("code"))


def _table(user, per, units):
    key = ("kelurahan_id", "rt_id") if per == "rt" else ("kelurahan_id",)
    households = _households(user, key)
    idle_m2 = _grouped(IdlePlot, user, key, "status", Sum("area_m2"))
    points = _grouped(WastePoint, user, key, "kind", Count("id"))
    rows = []
    for unit_key, place in _places(per, units, idle_m2, points):
        counted = households.get(unit_key, {})
        rows.append(
            (
                *place,
                counted.get("households", 0),
                counted.get("sorting", 0),
                _percent(counted.get("sorting", 0), counted.get("answered", 0)),
                *(_hectares(idle_m2[unit_key].get(s)) for s in PlotStatus.values),
                *(points[unit_key].get(k, 0) for k in Kind.values),
            )
        )
    return _columns(per), rows


def _households(user, key):
    counts = (
        permissions.in_scope(user, Household.objects.all())
        .order_by()
        .values(*key)
        .annotate(
            households=Count("id"),
            sorting=Count("id", filter=Q(waste_sorted=True)),
            answered=Count("id", filter=Q(waste_sorted__isnull=False)),
        )
    )
    return {tuple(c[k] for k in key): c for c in counts}


def _grouped(model, user, key, by, aggregate):
    totals = defaultdict(dict)
    grouped = (
        permissions.in_scope(user, model.objects.all())
        .order_by()
        .values(*key, by)
        .annotate(total=aggregate)
    )
    for row in grouped:
        totals[tuple(row[k] for k in key)][row[by]] = row["total"]
    return totals


def _places(per, units, *outside_rts):
    """Each unit's key and descriptive columns. Plots and points that no RT
    covers get a row of their own per kelurahan, so no hectare goes missing."""
    for unit in units:
        if per == "kelurahan":
            yield (unit.pk,), (unit.kecamatan.name, unit.name, unit.code)
            continue
        kelurahan = unit.rw.kelurahan
        place = (kelurahan.kecamatan.name, kelurahan.name, kelurahan.code)
        yield (kelurahan.pk, unit.pk), (*place, unit.rw.number, unit.number, unit.code)
    if per == "rt":
        kelurahan = {u.rw.kelurahan.pk: u.rw.kelurahan for u in units}
        for pk in sorted({k[0] for t in outside_rts for k in t if k[1] is None}):
            if pk in kelurahan:
                k = kelurahan[pk]
                yield (pk, None), (k.kecamatan.name, k.name, k.code, None, None, None)


def _columns(per):
    """The table's columns, each headed by its label in the active language."""
    return tuple(
        replace(column, name=capfirst(str(column.label)))
        for column in _named_columns(per)
    )


def _named_columns(per):
    place = [
        Column("kecamatan", "str", _("kecamatan")),
        Column("kelurahan", "str", _("kelurahan")),
        Column("kelurahan_code", "str", _("kelurahan code")),
    ]
    if per == "rt":
        place += [
            Column("rw", "int", _("RW number")),
            Column("rt", "int", _("RT number")),
            Column("rt_code", "str", _("RT code")),
        ]
    return (
        *place,
        Column("households", "int", _("households")),
        Column("households_sorting", "int", _("households sorting their waste")),
        Column(
            "sorting_pct", "float", _("sorting waste, % of the households answering")
        ),
        *(
            Column(f"idle_ha_{value}", "float", _("idle land, %s (ha)") % label.lower())
            for value, label in PlotStatus.choices
        ),
        *(
            Column(f"waste_{value}", "int", _("waste points: %s") % label)
            for value, label in Kind.choices
        ),
    )


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _hectares(m2):
    return round(m2 / M2_PER_HA, HA_DECIMALS) if m2 else 0.0
