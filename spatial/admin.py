from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import RT, RW, Kecamatan, Kelurahan, Profile


class TrackedAdmin(LeafletGeoAdmin):
    """Records who created and changed a drawn feature."""

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class BoundaryAdmin(LeafletGeoAdmin):
    list_display = ["name", "code", "slug", "area_ha_display"]
    search_fields = ["name", "code", "slug"]
    readonly_fields = ["area_m2"]

    @admin.display(description="ha", ordering="area_m2")
    def area_ha_display(self, obj):
        return f"{obj.area_ha:,.2f}"


@admin.register(Kecamatan)
class KecamatanAdmin(BoundaryAdmin):
    pass


@admin.register(Kelurahan)
class KelurahanAdmin(BoundaryAdmin):
    list_display = [*BoundaryAdmin.list_display, "kecamatan"]
    list_filter = ["kecamatan"]
    list_select_related = ["kecamatan"]


@admin.register(RW)
class RWAdmin(BoundaryAdmin):
    list_display = ["__str__", "kelurahan", "code", "area_ha_display"]
    list_filter = ["kelurahan"]
    list_select_related = ["kelurahan"]


@admin.register(RT)
class RTAdmin(BoundaryAdmin):
    list_display = ["__str__", "kelurahan_name", "code", "area_ha_display"]
    list_filter = ["rw__kelurahan"]
    list_select_related = ["rw__kelurahan"]

    @admin.display(description="kelurahan", ordering="rw__kelurahan__name")
    def kelurahan_name(self, obj):
        return obj.rw.kelurahan.name


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "kelurahan", "personal_data_granted"]
    list_filter = ["role", "kelurahan", "personal_data_granted"]
    search_fields = ["user__username"]
    autocomplete_fields = ["kelurahan"]
