from spatial.api.filters import layer_filterset
from spatial.api.properties import layer_properties, rt_label
from spatial.api.views import EditableLayerViewSet
from waste.models import WastePoint

from .serializers import WastePointSerializer


class WastePointViewSet(EditableLayerViewSet):
    base_queryset = WastePoint.objects.select_related("kelurahan", "rt__rw")
    serializer_class = WastePointSerializer
    list_properties = layer_properties(
        WastePointSerializer,
        kelurahan="kelurahan__slug",
        rt=rt_label("rt__"),
    )
    filterset_class = layer_filterset(
        WastePoint,
        fields=["kind", "status"],
    )
