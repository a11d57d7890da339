from django.apps import apps
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from spatial.models import PersonalDataAccess

# The channels the apps log reads through (spatial.api.properties,
# ogc.features, exports, mapui.search, perda, surveys.rejects), as the city
# admin reads them; a channel not listed here shows as stored.
CHANNELS = {
    "api": _("REST API"),
    "ogc": _("OGC API – Features"),
    "export": _("file export"),
    "search": _("map search"),
    "upload": _("survey upload (rejected rows)"),
    "perda-map": _("Perda dashboard map"),
    "perda-report-page": _("Perda monthly report (page)"),
    "perda-report-pdf": _("Perda monthly report (PDF)"),
    "perda-report-command": _("Perda monthly report (command line)"),
}


def channel_label(value):
    return CHANNELS.get(value, value)


def model_label(value):
    """``households.Household`` as "Households", in the admin's language."""
    try:
        return capfirst(apps.get_model(value)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return value


class LabelledValues(admin.SimpleListFilter):
    """The values stored in ``field``, each under its label."""

    field = None
    label = None

    def lookups(self, request, model_admin):
        values = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.field, flat=True)
            .distinct()
        )
        return sorted(
            ((v, type(self).label(v)) for v in values), key=lambda c: str(c[1])
        )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(**{self.field: self.value()})


class ChannelFilter(LabelledValues):
    title = _("channel")
    parameter_name = field = "channel"
    label = staticmethod(channel_label)


class ModelFilter(LabelledValues):
    title = _("kind of record")
    parameter_name = field = "model"
    label = staticmethod(model_label)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who read or exported personal data (UU 27/2022), for the city admin:
    read-only, filtered by channel, kind of record, kelurahan, user and day."""

    list_display = ["at", "user", "through", "kind", "kelurahan", "records", "ids"]
    list_filter = [
        ChannelFilter,
        ModelFilter,
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

    @admin.display(description=_("channel"), ordering="channel")
    def through(self, obj):
        return channel_label(obj.channel)

    @admin.display(description=_("kind of record"), ordering="model")
    def kind(self, obj):
        return model_label(obj.model)

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
