"""Serializer pieces every layer shares."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from spatial import permissions
from spatial.models import RT, RW, Kecamatan, Kelurahan, Revision

# 7 decimals of a degree are about 1 cm at the equator: finer is noise.
PRECISION = 7


class PersonalFieldsMixin:
    """Leaves out the personal fields the requesting user may not see, per
    object, as decided by spatial.permissions."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        hidden = permissions.hidden_fields(
            user, type(instance), getattr(instance, "kelurahan_id", None)
        )
        props = data.get("properties", data)
        for name in hidden:
            props.pop(name, None)
        return data


class PlacedFeatureSerializer(PersonalFieldsMixin, GeoFeatureModelSerializer):
    """A household, plot or point: its place in the kelurahan and RT, read-only
    (the server derives both from the shape). A feature read on its own says
    what the user may do with it (``can``), as spatial.permissions decides."""

    geom = GeometryField(precision=PRECISION)
    kelurahan = serializers.CharField(
        source="kelurahan.slug", read_only=True, label=_("kelurahan")
    )
    rt = serializers.StringRelatedField(read_only=True, label=_("RT"))

    class Meta:
        geo_field = "geom"
        # How the map shows a field (spatial.api.metadata): "hidden" fields
        # stay out of popups and forms, "flag" booleans show only when true.
        display = {"version": "hidden"}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["properties"]["can"] = {
            "change": permissions.may_change(user, instance),
            "verify": permissions.may_verify(user, instance),
        }
        return data


class BoundarySerializer(GeoFeatureModelSerializer):
    geom = GeometryField(precision=PRECISION)
    area_ha = serializers.FloatField(read_only=True)

    class Meta:
        geo_field = "geom"
        fields = ["id", "name", "code", "slug", "area_ha"]


class KecamatanSerializer(BoundarySerializer):
    class Meta(BoundarySerializer.Meta):
        model = Kecamatan


class KelurahanSerializer(BoundarySerializer):
    kecamatan = serializers.CharField(source="kecamatan.name", read_only=True)

    class Meta(BoundarySerializer.Meta):
        model = Kelurahan
        fields = [*BoundarySerializer.Meta.fields, "kecamatan"]


class RWSerializer(BoundarySerializer):
    kelurahan = serializers.CharField(source="kelurahan.slug", read_only=True)

    class Meta(BoundarySerializer.Meta):
        model = RW
        fields = [*BoundarySerializer.Meta.fields, "number", "kelurahan"]


class RTSerializer(BoundarySerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    kelurahan = serializers.CharField(source="rw.kelurahan.slug", read_only=True)

    class Meta(BoundarySerializer.Meta):
        model = RT
        fields = [*BoundarySerializer.Meta.fields, "number", "label", "kelurahan"]


class RevisionSerializer(serializers.ModelSerializer):
    """One revision, its snapshots without the personal fields the reader may
    not see (a surveyor reads the history of a household they added)."""

    user = serializers.CharField(source="user.get_username", default=None)

    class Meta:
        model = Revision
        fields = ["id", "action", "version", "user", "at", "via", "before", "after"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user, model = self.context["user"], self.context["model"]
        for state in ("before", "after"):
            if not data[state]:
                continue
            props = data[state]["properties"]
            # Each state as it stood: a household moved between kelurahan
            # shows its earlier, other-kelurahan states without names.
            hidden = permissions.hidden_fields(user, model, props.get("kelurahan_id"))
            data[state] = {
                **data[state],
                "properties": {k: v for k, v in props.items() if k not in hidden},
            }
        return data
