from households.models import Household
from spatial.api.properties import rt_label
from spatial.api.views import ScopedLayerViewSet

from .serializers import HouseholdSerializer


class HouseholdViewSet(ScopedLayerViewSet):
    base_queryset = Household.objects.select_related("rt__rw", "kelurahan")
    serializer_class = HouseholdSerializer
    list_properties = {
        "kelurahan": "kelurahan__slug",
        "rt": rt_label("rt__"),
        **{
            name: name
            for name in (
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
            )
        },
    }
