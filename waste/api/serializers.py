from spatial.api.serializers import PlacedFeatureSerializer
from waste.models import (
    FACILITY_STATUSES,
    REPORTED_KINDS,
    SPOT_STATUSES,
    Kind,
    WastePoint,
)


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
        # verified or cleared (WastePoint._check_status_fits_kind).
        dependent_choices = {
            "status": (
                "kind",
                {
                    kind: sorted(
                        SPOT_STATUSES if kind in REPORTED_KINDS else FACILITY_STATUSES
                    )
                    for kind in Kind.values
                },
            )
        }
