from spatial.api.properties import rt_label
from spatial.api.views import EditableLayerViewSet
from waste.models import WastePoint

from .serializers import WastePointSerializer


class WastePointViewSet(EditableLayerViewSet):
    base_queryset = WastePoint.objects.select_related("kelurahan", "rt__rw")
    serializer_class = WastePointSerializer
    list_properties = {
        "kelurahan": "kelurahan__slug",
        "rt": rt_label("rt__"),
        **{
            name: name
            for name in (
                "name",
                "kind",
                "status",
                "capacity_m3",
                "operator",
                "collection_schedule",
                "reported_on",
                "cleared_on",
                "notes",
                "version",
                "updated_at",
            )
        },
    }
