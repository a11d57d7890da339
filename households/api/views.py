from households.models import Household
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
