from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from landuse.models import IdlePlot
from spatial.api.serializers import PlacedFeatureSerializer


class IdlePlotSerializer(PlacedFeatureSerializer):
    area_ha = serializers.FloatField(read_only=True, label=_("area (ha)"))

    class Meta(PlacedFeatureSerializer.Meta):
        model = IdlePlot
        fields = [
            "id",
            "kelurahan",
            "rt",
            "area_m2",
            "area_ha",
            "status",
            "condition",
            "ownership",
            "owner_name",
            "proposed_use",
            "notes",
            "version",
            "updated_at",
        ]
        # The area shows once, in m² and ha.
        display = {
            **PlacedFeatureSerializer.Meta.display,
            "area_m2": "area",
            "area_ha": "hidden",
        }
