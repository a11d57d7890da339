from django.contrib import admin

from spatial.admin import TrackedAdmin

from .models import IdlePlot


@admin.register(IdlePlot)
class IdlePlotAdmin(TrackedAdmin):
    list_display = [
        "id",
        "kelurahan",
        "rt",
        "status",
        "ownership",
        "proposed_use",
        "area_m2",
        "updated_at",
    ]
    list_filter = [
        "kelurahan",
        ("rt", admin.RelatedOnlyFieldListFilter),
        "status",
        "ownership",
        "condition",
        "proposed_use",
    ]
    search_fields = ["notes", "owner_name", "external_id"]
    list_select_related = ["kelurahan", "rt__rw"]
    readonly_fields = [
        "area_m2",
        "rt",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "version",
    ]
