"""Filters every layer list takes, as django-filter filtersets: ``?kelurahan=``,
``?in_bbox=w,s,e,n`` and the layer's own attributes. Attribute filters name only
fields that are never personal: filtering on a name would tell a role that may
not see names which homes carry it."""

import django_filters
from django import forms
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext_lazy as _


class BBoxField(forms.CharField):
    default_error_messages = {
        "invalid": _("Give the box as west,south,east,north in degrees.")
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            w, s, e, n = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        return Polygon.from_bbox((w, s, e, n))


class BBoxFilter(django_filters.Filter):
    """Features whose bounding box lies inside the box, as
    rest_framework_gis's InBBoxFilter did."""

    field_class = BBoxField

    def filter(self, qs, value):
        if value is None:
            return qs
        value.srid = 4326
        return qs.filter(**{f"{self.field_name}__contained": value})


class LayerFilterSet(django_filters.FilterSet):
    in_bbox = BBoxFilter(field_name="geom", label=_("west,south,east,north"))
    kelurahan = django_filters.CharFilter(
        field_name="kelurahan__slug", label=_("kelurahan slug")
    )


def layer_filterset(model, *, kelurahan_lookup="kelurahan__slug", fields=()):
    """A filterset for ``model`` with the shared filters and exact filters on
    ``fields``."""
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    kelurahan = django_filters.CharFilter(
        field_name=kelurahan_lookup, label=_("kelurahan slug")
    )
    return type(
        f"{model.__name__}FilterSet",
        (LayerFilterSet,),
        {"Meta": meta, "kelurahan": kelurahan},
    )
