from django.contrib import admin

from spatial.admin import TrackedAdmin

from .models import Household


@admin.register(Household)
class HouseholdAdmin(TrackedAdmin):
    """Households in a list that fits a laptop screen: who, where, how many,
    how their waste goes and when they were surveyed. Edits here are
    revisions like the map's."""

    list_display = [
        "id",
        "head_name",
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
    list_per_page = 50
    search_fields = ["head_name", "address", "dasawisma", "kk_numbers", "external_id"]
    list_select_related = ["kelurahan", "rt__rw"]
    readonly_fields = [
        "kelurahan",
        "rt",
        "rt_mismatch",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "version",
    ]
    raw_id_fields = ["surveyor"]
