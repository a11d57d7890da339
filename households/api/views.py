from households.models import Household
from spatial.api.views import ScopedLayerViewSet

from .serializers import HouseholdSerializer


class HouseholdViewSet(ScopedLayerViewSet):
    base_queryset = Household.objects.select_related("rt__rw", "kelurahan")
    serializer_class = HouseholdSerializer
