"""The columns of a waste point export, in the order a planner reads them."""

from django.utils.translation import gettext_lazy as _

from spatial.layers.export import (
    GPS_CAPTURE,
    KELURAHAN_OF_FEATURE,
    TRACKING,
    Attribute,
    ExportLayer,
)

from .models import Status, WastePoint

LAYER = ExportLayer(
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
    statuses=tuple(Status.values),
)
