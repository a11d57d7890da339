from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from spatial.admin import ForgetsPersonalHistory

from .models import Household


@admin.register(Household)
class HouseholdAdmin(ForgetsPersonalHistory, LeafletGeoAdmin):
    list_display = [
        "id",
        "head_name",
        "kelurahan",
        "rt",
        "members",
        "waste_disposal",
        "rt_mismatch",
        "survey_date",
    ]
    list_filter = [
        "kelurahan",
        ("rt", admin.RelatedOnlyFieldListFilter),
        "rt_mismatch",
        "waste_sorted",
        "waste_disposal",
        "latrine",
        "septic_tank",
        "gps_source",
    ]
    search_fields = ["head_name", "address", "dasawisma", "kk_numbers", "external_id"]
    list_select_related = ["kelurahan", "rt__rw"]
    readonly_fields = ["kelurahan", "rt", "rt_mismatch", "created_at", "updated_at"]
    raw_id_fields = ["surveyor"]
