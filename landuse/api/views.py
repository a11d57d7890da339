from django.db.models import F

from landuse.models import IdlePlot
from spatial.api.filters import layer_filterset
from spatial.api.properties import layer_properties, rt_label
from spatial.api.views import EditableLayerViewSet
from spatial.measure import M2_PER_HA

from .serializers import IdlePlotSerializer


class IdlePlotViewSet(EditableLayerViewSet):
    base_queryset = IdlePlot.objects.select_related("kelurahan", "rt__rw")
    serializer_class = IdlePlotSerializer
    list_properties = layer_properties(
        IdlePlotSerializer,
        kelurahan="kelurahan__slug",
        rt=rt_label("rt__"),
        area_ha=F("area_m2") / M2_PER_HA,
    )
    filterset_class = layer_filterset(
        IdlePlot,
        fields=["status", "condition", "ownership", "proposed_use"],
    )
