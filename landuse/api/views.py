from landuse.models import IdlePlot
from spatial.api.views import ScopedLayerViewSet

from .serializers import IdlePlotSerializer


class IdlePlotViewSet(ScopedLayerViewSet):
    base_queryset = IdlePlot.objects.select_related("kelurahan", "rt__rw")
    serializer_class = IdlePlotSerializer
