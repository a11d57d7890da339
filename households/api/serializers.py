from households.models import Household
from spatial.api.serializers import PlacedFeatureSerializer


class HouseholdSerializer(PlacedFeatureSerializer):
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
        ]
