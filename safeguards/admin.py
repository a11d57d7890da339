from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from spatial.models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who read or exported personal data (UU 27/2022), for the city admin:
    read-only, filtered by channel, kind of record, kelurahan, user and day."""

    list_display = ["at", "user", "channel", "model", "kelurahan", "records", "ids"]
    list_filter = [
        "channel",
        "model",
        "kelurahan",
        ("user", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["user__username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user", "kelurahan"]
    readonly_fields = [
        "at",
        "user",
        "channel",
        "model",
        "kelurahan",
        "records",
        "object_ids",
        "detail",
    ]

    @admin.display(description=_("record ids"))
    def ids(self, obj):
        shown = ", ".join(map(str, obj.object_ids[:10]))
        more = len(obj.object_ids) - 10
        return f"{shown} … (+{more})" if more > 0 else shown

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Only the retention command removes rows (purge_personal_log).
        return False
