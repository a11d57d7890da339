from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from spatial.api.serializers import PRECISION, PersonalFieldsMixin
from waste.models import WastePoint


class WastePointSerializer(PersonalFieldsMixin, GeoFeatureModelSerializer):
    geom = GeometryField(precision=PRECISION)
    kelurahan = serializers.CharField(source="kelurahan.slug", read_only=True)
    rt = serializers.CharField(source="rt.__str__", read_only=True, default=None)

    class Meta:
        model = WastePoint
        geo_field = "geom"
        fields = [
            "id",
            "kelurahan",
            "rt",
            "name",
            "kind",
            "status",
            "capacity_m3",
            "operator",
            "collection_schedule",
            "reported_on",
            "cleared_on",
            "notes",
            "version",
            "updated_at",
        ]
