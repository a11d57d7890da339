from landuse.models import IdlePlot
from spatial.api.views import EditableLayerViewSet

from .serializers import IdlePlotSerializer


class IdlePlotViewSet(EditableLayerViewSet):
    base_queryset = IdlePlot.objects.select_related("kelurahan", "rt__rw")
    serializer_class = IdlePlotSerializer
