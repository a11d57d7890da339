from django.contrib import admin

from spatial.admin import TrackedAdmin

from .models import WastePoint


@admin.register(WastePoint)
class WastePointAdmin(TrackedAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "kelurahan",
        "rt",
        "reported_on",
        "cleared_on",
    ]
    list_filter = [
        "kelurahan",
        ("rt", admin.RelatedOnlyFieldListFilter),
        "kind",
        "status",
    ]
    search_fields = ["name", "operator", "notes", "external_id"]
    list_select_related = ["kelurahan", "rt__rw"]
    readonly_fields = [
        "rt",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
        "version",
    ]
