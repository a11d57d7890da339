from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from landuse.models import IdlePlot
from spatial.api.serializers import PRECISION, PersonalFieldsMixin


class IdlePlotSerializer(PersonalFieldsMixin, GeoFeatureModelSerializer):
    geom = GeometryField(precision=PRECISION)
    kelurahan = serializers.CharField(source="kelurahan.slug", read_only=True)
    rt = serializers.CharField(source="rt.__str__", read_only=True, default=None)
    area_ha = serializers.FloatField(read_only=True)

    class Meta:
        model = IdlePlot
        geo_field = "geom"
        fields = [
            "id",
            "kelurahan",
            "rt",
            "area_m2",
            "area_ha",
            "status",
            "condition",
            "ownership",
            "owner_name",
            "proposed_use",
            "notes",
            "version",
            "updated_at",
        ]
