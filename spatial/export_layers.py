"""The layers a user can take out of Wakuncar GIS: their columns in the order a
planner reads them, each column's short shapefile name and dictionary label,
and how a kelurahan, an RT or a status narrows the layer.

A column that holds a model field carries that field's name, so the personal
fields spatial.permissions names are found here by name."""

from dataclasses import dataclass

from django.db.models import CharField, F, FloatField, Func, Value
from django.utils.translation import gettext_lazy as _

from households.models import Household
from landuse.models import IdlePlot, PlotStatus
from waste.models import Status as WasteStatus
from waste.models import WastePoint

from .measure import M2_PER_HA
from .models import RT, RW, Kecamatan, Kelurahan


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


def _unit_attributes(*parents):
    return (
        Attribute("id", "int64", label=_("id")),
        Attribute("name", "str"),
        Attribute("code", "str"),
        Attribute("slug", "str"),
        *parents,
        *AREA,
    )


def _parent(name, lookup, *, label, code_label, code_short):
    return (
        Attribute(name, "str", f"{lookup}__name", label=label),
        Attribute(f"{name}_code", "str", f"{lookup}__code", code_short, code_label),
    )


def _kelurahan_of(lookup):
    return _parent(
        "kelurahan",
        lookup,
        label=_("kelurahan"),
        code_label=_("kelurahan code"),
        code_short="kel_code",
    )


KELURAHAN_OF_FEATURE = _kelurahan_of("kelurahan")
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

KECAMATAN = ExportLayer(
    "kecamatan",
    Kecamatan,
    "MultiPolygon",
    _unit_attributes(),
    kelurahan_lookup="kelurahan__slug",
)
KELURAHAN = ExportLayer(
    "kelurahan",
    Kelurahan,
    "MultiPolygon",
    _unit_attributes(
        *_parent(
            "kecamatan",
            "kecamatan",
            label=_("kecamatan"),
            code_label=_("kecamatan code"),
            code_short="kec_code",
        )
    ),
    kelurahan_lookup="slug",
)
RW_LAYER = ExportLayer(
    "rw",
    RW,
    "MultiPolygon",
    _unit_attributes(Attribute("number", "int"), *KELURAHAN_OF_FEATURE),
    kelurahan_lookup="kelurahan__slug",
)
RT_LAYER = ExportLayer(
    "rt",
    RT,
    "MultiPolygon",
    _unit_attributes(
        Attribute("number", "int"),
        Attribute("rw", "int", "rw__number", label=_("RW number")),
        *_kelurahan_of("rw__kelurahan"),
    ),
    kelurahan_lookup="rw__kelurahan__slug",
    rt_lookup="code",
)
HOUSEHOLDS = ExportLayer(
    "households",
    Household,
    "Point",
    (
        Attribute("id", "int64", label=_("id")),
        *KELURAHAN_OF_FEATURE,
        Attribute("rw", "int", "rt__rw__number", label=_("RW number")),
        Attribute("rt", "int", "rt__number", label=_("RT number")),
        Attribute("rt_code", "str", "rt__code", label=_("RT code")),
        Attribute("reported_rw", "int", short="rep_rw"),
        Attribute("reported_rt", "int", short="rep_rt"),
        Attribute("rt_mismatch", "bool", short="rt_differs"),
        Attribute("external_id", "str", short="ext_id"),
        Attribute("head_name", "str"),
        Attribute(
            "kk_numbers",
            "str",
            Func(
                F("kk_numbers"),
                Value(";"),
                function="array_to_string",
                output_field=CharField(),
            ),
            label=_("No. KK (several separated by ;)"),
        ),
        Attribute("address", "str"),
        Attribute("members", "int"),
        Attribute("dasawisma", "str"),
        Attribute("waste_sorted", "bool", short="waste_sort"),
        Attribute("waste_disposal", "str", short="waste_disp"),
        Attribute("latrine", "str"),
        Attribute("septic_tank", "bool", short="septic"),
        Attribute("last_desludged", "date", short="desludged"),
        Attribute("survey_date", "date", short="survey_dt"),
        Attribute("gps_source", "str"),
        *GPS_CAPTURE,
    ),
    kelurahan_lookup="kelurahan__slug",
    rt_lookup="rt__code",
)
IDLE_PLOTS = ExportLayer(
    "idle_plots",
    IdlePlot,
    "MultiPolygon",
    (
        Attribute("id", "int64", label=_("id")),
        *KELURAHAN_OF_FEATURE,
        Attribute("rt_code", "str", "rt__code", label=_("RT code")),
        *AREA,
        Attribute("status", "str"),
        Attribute("condition", "str"),
        Attribute("ownership", "str"),
        Attribute("owner_name", "str"),
        Attribute("proposed_use", "str", short="prop_use"),
        Attribute("notes", "str"),
        Attribute("external_id", "str", short="ext_id"),
        *TRACKING,
    ),
    kelurahan_lookup="kelurahan__slug",
    rt_lookup="rt__code",
    statuses=tuple(PlotStatus.values),
)
WASTE_POINTS = ExportLayer(
    "waste_points",
    WastePoint,
    "Point",
    (
        Attribute("id", "int64", label=_("id")),
        *KELURAHAN_OF_FEATURE,
        Attribute("rt_code", "str", "rt__code", label=_("RT code")),
        Attribute("name", "str"),
        Attribute("kind", "str"),
        Attribute("status", "str"),
        Attribute("capacity_m3", "float", short="capac_m3"),
        Attribute("operator", "str"),
        Attribute("collection_schedule", "str", short="schedule"),
        Attribute("reported_on", "date", short="reported"),
        Attribute("cleared_on", "date", short="cleared"),
        Attribute("notes", "str"),
        Attribute("external_id", "str", short="ext_id"),
        *GPS_CAPTURE,
        *TRACKING,
    ),
    kelurahan_lookup="kelurahan__slug",
    rt_lookup="rt__code",
    statuses=tuple(WasteStatus.values),
)

LAYERS = {
    layer.name: layer
    for layer in (
        KECAMATAN,
        KELURAHAN,
        RW_LAYER,
        RT_LAYER,
        HOUSEHOLDS,
        IDLE_PLOTS,
        WASTE_POINTS,
    )
}
