from django.contrib import admin

from spatial.admin import AreaColumn, TrackedAdmin

from .models import IdlePlot


@admin.register(IdlePlot)
class IdlePlotAdmin(AreaColumn, TrackedAdmin):
    list_display = [
        "id",
        "kelurahan",
        "rt",
        "status",
        "ownership",
        "proposed_use",
        "area",
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
        "area",
        "rt",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "version",
    ]
