from django.db.models import BooleanField, ExpressionWrapper, Q

from households.models import GpsSource, Household
from spatial import permissions
from spatial.api.filters import layer_filterset
from spatial.api.properties import layer_properties, rt_label
from spatial.api.views import EditableLayerViewSet
from spatial.models import Role

from .serializers import HouseholdSerializer


class HouseholdViewSet(EditableLayerViewSet):
    base_queryset = Household.objects.select_related("rt__rw", "kelurahan")
    serializer_class = HouseholdSerializer
    list_properties = layer_properties(
        HouseholdSerializer,
        kelurahan="kelurahan__slug",
        rt=rt_label("rt__"),
        verified=ExpressionWrapper(
            Q(verified_at__isnull=False), output_field=BooleanField()
        ),
    )
    filterset_class = layer_filterset(
        Household,
        fields=[
            "rt_mismatch",
            "waste_sorted",
            "waste_disposal",
            "latrine",
            "septic_tank",
            "gps_source",
            "dasawisma",
            "survey_date",
        ],
    )

    def created_attrs(self, request):
        """A household placed on the map: its location comes from the map, and
        a surveyor placing it surveyed it."""
        attrs = {"gps_source": GpsSource.MAP}
        if permissions.role_of(request.user) == Role.SURVEYOR:
            attrs["surveyor"] = request.user
        return attrs
