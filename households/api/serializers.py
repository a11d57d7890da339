from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from households.models import Household
from spatial.api.serializers import PRECISION, PersonalFieldsMixin


class HouseholdSerializer(PersonalFieldsMixin, GeoFeatureModelSerializer):
    geom = GeometryField(precision=PRECISION)
    rt = serializers.CharField(source="rt.__str__", read_only=True)
    kelurahan = serializers.CharField(source="kelurahan.slug", read_only=True)

    class Meta:
        model = Household
        geo_field = "geom"
        fields = [
            "id",
            "kelurahan",
            "rt",
            "rt_mismatch",
            "head_name",
            "kk_numbers",
            "address",
            "members",
            "dasawisma",
            "waste_sorted",
            "waste_disposal",
            "latrine",
            "septic_tank",
            "last_desludged",
            "survey_date",
            "gps_accuracy_m",
            "gps_source",
        ]
