"""The columns of a household export, in the order a planner reads them."""

from django.db.models import CharField, F, Func, Value
from django.utils.translation import gettext_lazy as _

from spatial.layers.export import (
    GPS_CAPTURE,
    KELURAHAN_OF_FEATURE,
    Attribute,
    ExportLayer,
)

from .models import Household

LAYER = ExportLayer(
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
