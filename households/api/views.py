from households.models import Household
from spatial.api.filters import layer_filterset
from spatial.api.properties import layer_properties, rt_label
from spatial.api.views import ScopedLayerViewSet

from .serializers import HouseholdSerializer


class HouseholdViewSet(ScopedLayerViewSet):
    base_queryset = Household.objects.select_related("rt__rw", "kelurahan")
    serializer_class = HouseholdSerializer
    list_properties = layer_properties(
        HouseholdSerializer,
        kelurahan="kelurahan__slug",
        rt=rt_label("rt__"),
    )
    filterset_class = layer_filterset(
        Household,
        fields=[
            "rt_mismatch",
            "waste_sorted",
            "waste_disposal",
            "latrine",
            "septic_tank",
            "gps_source",
            "dasawisma",
            "survey_date",
        ],
    )
