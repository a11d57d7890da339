from spatial.api.serializers import PlacedFeatureSerializer
from waste.models import Kind, WastePoint, statuses_for


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
        # Facilities are active or inactive; illegal spots are reported,
        # verified or cleared (WastePoint._check_status_fits_kind); a new one
        # starts as the first.
        dependent_choices = {
            "status": ("kind", {kind: statuses_for(kind) for kind in Kind.values})
        }
