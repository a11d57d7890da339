from spatial.api.views import ScopedLayerViewSet
from waste.models import WastePoint

from .serializers import WastePointSerializer


class WastePointViewSet(ScopedLayerViewSet):
    base_queryset = WastePoint.objects.select_related("kelurahan", "rt__rw")
    serializer_class = WastePointSerializer
