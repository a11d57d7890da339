from spatial.api.views import EditableLayerViewSet
from waste.models import WastePoint

from .serializers import WastePointSerializer


class WastePointViewSet(EditableLayerViewSet):
    base_queryset = WastePoint.objects.select_related("kelurahan", "rt__rw")
    serializer_class = WastePointSerializer
