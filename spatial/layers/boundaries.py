"""The boundary layers' export columns: kecamatan, kelurahan, RW and RT."""

from django.utils.translation import gettext_lazy as _

from spatial.models import RT, RW, Kecamatan, Kelurahan

from .export import (
    KELURAHAN_OF_FEATURE,
    Attribute,
    ExportLayer,
    kelurahan_of,
    parent_columns,
    unit_attributes,
)

KECAMATAN = ExportLayer(
    "kecamatan",
    Kecamatan,
    "MultiPolygon",
    unit_attributes(),
    kelurahan_lookup="kelurahan__slug",
)
KELURAHAN = ExportLayer(
    "kelurahan",
    Kelurahan,
    "MultiPolygon",
    unit_attributes(
        *parent_columns(
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
    unit_attributes(Attribute("number", "int"), *KELURAHAN_OF_FEATURE),
    kelurahan_lookup="kelurahan__slug",
)
RT_LAYER = ExportLayer(
    "rt",
    RT,
    "MultiPolygon",
    unit_attributes(
        Attribute("number", "int"),
        Attribute("rw", "int", "rw__number", label=_("RW number")),
        *kelurahan_of("rw__kelurahan"),
    ),
    kelurahan_lookup="rw__kelurahan__slug",
    rt_lookup="code",
)

EXPORTS = {layer.name: layer for layer in (KECAMATAN, KELURAHAN, RW_LAYER, RT_LAYER)}
