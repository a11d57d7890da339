"""The columns of an idle plot export, in the order a planner reads them."""

from django.utils.translation import gettext_lazy as _

from spatial.layers.export import (
    AREA,
    KELURAHAN_OF_FEATURE,
    TRACKING,
    Attribute,
    ExportLayer,
)

from .models import IdlePlot, PlotStatus

LAYER = ExportLayer(
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
