from spatial.api.serializers import PlacedFeatureSerializer
from waste.models import WastePoint


class WastePointSerializer(PlacedFeatureSerializer):
    class Meta(PlacedFeatureSerializer.Meta):
        model = WastePoint
        fields = [
            "id",
            "kelurahan",
            "rt",
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
        ]
