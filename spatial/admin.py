from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from . import permissions
from .measure import M2_PER_HA
from .models import RT, RW, Kecamatan, Kelurahan, Profile, Revision
from .services.editing import (
    forget_personal_history,
    lock_kelurahan_edits,
    record_revision,
    snapshot,
)


def city_admins_only(request):
    """The admin shows every kelurahan and every personal field, so it is the
    city admin's alone, whatever staff flags someone else carries."""
    user = request.user
    return user.is_active and user.is_staff and permissions.access_for(user).is_admin


admin.site.has_permission = city_admins_only
admin.site.site_header = admin.site.site_title = "Wakuncar GIS"
admin.site.index_title = _("Kota Metro data")


class SerialisedEditForm(forms.ModelForm):
    """Validates under the editing service's per-kelurahan lock (the admin
    runs the whole change view in one transaction), so a plot saved here and
    one drawn on the map at the same moment cannot both pass the overlap
    check. The version the form was opened at travels with it: saving over a
    change made since (on the map, or in another tab) is refused, as the map's
    If-Match is."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def _post_clean(self):
        model = type(self.instance)
        if self.instance.pk:
            # The row first, as the editing service does, so the admin and
            # the map never wait for each other in a circle.
            locked = model.objects.select_for_update().filter(pk=self.instance.pk)
            current = locked.first()
            if current is not None:
                self._check_seen_version(current)
        kelurahan = self.cleaned_data.get("kelurahan")
        lock_kelurahan_edits(
            geom=self.cleaned_data.get("geom", self.instance.geom),
            kelurahan_ids=[self.instance.kelurahan_id, getattr(kelurahan, "pk", None)],
        )
        super()._post_clean()

    def _check_seen_version(self, current):
        seen = self.cleaned_data.get("seen_version")
        if seen is None or seen == current.version:
            return
        self.add_error(
            None,
            forms.ValidationError(
                _(
                    "%(obj)s was changed by %(user)s at %(at)s (version %(theirs)s) "
                    "after you opened it. Open it again to see that change."
                ),
                code="conflict",
                params={
                    "obj": current,
                    "user": current.updated_by or _("someone else"),
                    "at": timezone.localtime(current.updated_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "theirs": current.version,
                },
            ),
        )


class ForgetsPersonalHistory:
    """Deleting here removes the record's personal fields from its history,
    as the editing service does for the map."""

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        forget_personal_history(model=type(obj), pk=pk)

    def delete_queryset(self, request, queryset):
        # Admin actions are not atomic by themselves: all of them, or none.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class WithBoundaries:
    """A geometry widget that draws the boundaries around the feature."""

    change_form_template = "admin/change_form_with_boundaries.html"

    class Media:
        js = ("spatial/admin_boundaries.js",)

    def render_change_form(self, request, context, *args, **kwargs):
        context["boundary_urls"] = {
            name: reverse(f"{name}-list") for name in ("kelurahan", "rw", "rt")
        }
        return super().render_change_form(request, context, *args, **kwargs)


class TrackedAdmin(ForgetsPersonalHistory, WithBoundaries, LeafletGeoAdmin):
    """Edits made here bump the version and land in the same history as the
    map's, so the map editor's history shows them and can restore past them."""

    form = SerialisedEditForm

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        obj.updated_by = request.user
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        record_revision(
            instance=obj,
            action=Revision.Action.UPDATE if change else Revision.Action.CREATE,
            user=request.user,
            before=before,
            after=snapshot(obj),
            via="admin",
        )

    def delete_model(self, request, obj):
        record_revision(
            instance=obj,
            action=Revision.Action.DELETE,
            user=request.user,
            before=snapshot(obj),
            after=None,
            via="admin",
        )
        super().delete_model(request, obj)


class AreaColumn:
    """The area in m² and ha, rounded as people read it."""

    @admin.display(description=_("area"), ordering="area_m2")
    def area(self, obj):
        if obj.area_m2 is None:
            return "—"
        return f"{obj.area_m2:,.0f} m² ({obj.area_m2 / M2_PER_HA:,.2f} ha)"


class BoundaryAdmin(WithBoundaries, AreaColumn, LeafletGeoAdmin):
    list_display = ["name", "code", "slug", "area"]
    search_fields = ["name", "code", "slug"]
    readonly_fields = ["area"]
    # Filters elsewhere list units in this order: by name, as people look
    # for them.
    ordering = ["name"]


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
    list_display = ["__str__", "kelurahan", "code", "area"]
    ordering = ["kelurahan__name", "number"]
    list_filter = ["kelurahan"]
    list_select_related = ["kelurahan"]


@admin.register(RT)
class RTAdmin(BoundaryAdmin):
    list_display = ["__str__", "kelurahan_name", "code", "area"]
    ordering = ["rw__kelurahan__name", "rw__number", "number"]
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


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "content_type",
        "object_id",
        "action",
        "version",
        "user",
        "via",
    ]
    list_filter = ["action", "via", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The history is the audit trail; deleting a feature removes its
        # personal fields from it (editing.forget_personal_history), not rows.
        return False
