from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Snapshot, Threshold, ThresholdChange


class ReadOnly(admin.ModelAdmin):
    """Thresholds change on their own page (perda:thresholds), which checks
    them as a whole and logs each change; the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Threshold)
class ThresholdAdmin(ReadOnly):
    list_display = ["key", "value", "updated_at", "updated_by"]


@admin.register(ThresholdChange)
class ThresholdChangeAdmin(ReadOnly):
    list_display = ["at", "user", "label", "old_value", "new_value"]
    list_filter = ["key"]

    @admin.display(description=_("threshold"))
    def label(self, obj):
        return obj.label


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnly):
    list_display = ["kelurahan", "month", "as_of", "taken_at", "taken_by"]
    list_filter = ["month"]
    exclude = ["data"]
