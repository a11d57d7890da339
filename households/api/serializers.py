from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from households.models import Household
from spatial.api.serializers import PlacedFeatureSerializer


class HouseholdSerializer(PlacedFeatureSerializer):
    """A household as the map and the API show and edit it. Its RT and
    kelurahan follow from its point; who surveyed it and where the location
    came from are the system's to record."""

    verified = serializers.BooleanField(
        source="is_verified", read_only=True, label=_("verified by the lurah")
    )

    class Meta(PlacedFeatureSerializer.Meta):
        model = Household
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
            "verified",
            "version",
            "updated_at",
        ]
        read_only_fields = ["gps_accuracy_m", "gps_source"]
        display = {**PlacedFeatureSerializer.Meta.display, "rt_mismatch": "flag"}
