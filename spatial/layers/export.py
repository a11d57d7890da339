"""How a layer is exported: the vocabulary each app uses to list its layer's
columns (``households/export_fields.py`` …), in the order a planner reads them,
each with its short shapefile name and dictionary label, and how a kelurahan,
an RT or a status narrows the layer. The exports app writes the files.

A column that holds a model field carries that field's name, so the personal
fields spatial.permissions names are found here by name."""

from dataclasses import dataclass

from django.db.models import F, FloatField, Func
from django.utils.translation import gettext_lazy as _

from spatial.measure import M2_PER_HA


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str
    source: object = None
    short: str = ""
    label: str = ""

    @property
    def expression(self):
        source = self.source if self.source is not None else self.name
        return F(source) if isinstance(source, str) else source


@dataclass(frozen=True)
class ExportLayer:
    name: str
    model: type
    geometry_type: str
    attributes: tuple[Attribute, ...]
    kelurahan_lookup: str
    rt_lookup: str | None = None
    statuses: tuple[str, ...] = ()
    # Called with the rows about to be exported, before they are read: an app
    # whose columns come from a table it keeps brings that table up to date.
    prepare: tuple = ()

    def label(self, attribute):
        if attribute.label:
            return attribute.label
        return self.model._meta.get_field(attribute.name).verbose_name


def _point_coordinate(function):
    # Always from the stored WGS 84 point, whatever CRS the geometry goes out in.
    return Func(F("geom"), function=function, output_field=FloatField())


# Spreadsheets and survey importers look for these beside the WKT of a point.
POINT_POSITION = (
    Attribute(
        "latitude", "float", _point_coordinate("ST_Y"), "latitude", _("latitude")
    ),
    Attribute(
        "longitude", "float", _point_coordinate("ST_X"), "longitude", _("longitude")
    ),
)
AREA = (
    Attribute("area_m2", "float", short="area_m2"),
    Attribute("area_ha", "float", F("area_m2") / M2_PER_HA, "area_ha", _("area (ha)")),
)


def unit_attributes(*parents):
    return (
        Attribute("id", "int64", label=_("id")),
        Attribute("name", "str"),
        Attribute("code", "str"),
        Attribute("slug", "str"),
        *parents,
        *AREA,
    )


def parent_columns(name, lookup, *, label, code_label, code_short):
    return (
        Attribute(name, "str", f"{lookup}__name", label=label),
        Attribute(f"{name}_code", "str", f"{lookup}__code", code_short, code_label),
    )


def kelurahan_of(lookup):
    return parent_columns(
        "kelurahan",
        lookup,
        label=_("kelurahan"),
        code_label=_("kelurahan code"),
        code_short="kel_code",
    )


KELURAHAN_OF_FEATURE = kelurahan_of("kelurahan")
TRACKING = (
    Attribute("version", "int"),
    Attribute("created_at", "datetime", short="created"),
    Attribute("updated_at", "datetime", short="updated"),
)
GPS_CAPTURE = (
    Attribute("gps_accuracy_m", "float", short="gps_acc_m"),
    Attribute("elevation_m", "float", short="elev_m"),
    Attribute("captured_at", "datetime", short="captured"),
    Attribute("device", "str"),
)
