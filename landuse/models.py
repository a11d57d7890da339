import json

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from spatial.errors import field_invalid
from spatial.measure import M2_PER_HA, area_expression, area_m2
from spatial.topology import overlap_m2
from spatial.tracking import PlacedInKelurahan, Tracked


class PlotStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    PLANNED = "planned", _("Planned")
    IN_USE = "in_use", _("In use")
    REJECTED = "rejected", _("Rejected")


PUBLIC_STATUSES = (PlotStatus.VERIFIED, PlotStatus.PLANNED, PlotStatus.IN_USE)


class Condition(models.TextChoices):
    VACANT_LOT = "vacant_lot", _("Vacant lot")
    ABANDONED_FIELD = "abandoned_field", _("Abandoned field")
    UNUSED_YARD = "unused_yard", _("Unused yard")
    OVERGROWN = "overgrown", _("Overgrown with shrubs")
    OTHER = "other", _("Other")


class Ownership(models.TextChoices):
    PRIVATE = "private", _("Private")
    GOVERNMENT = "government", _("Government / regional asset")
    TANAH_KAS = "tanah_kas", _("Kelurahan land (tanah kas)")
    FASUM = "fasum", _("Public facility land (fasum/fasos)")
    UNKNOWN = "unknown", _("Unknown")


class ProposedUse(models.TextChoices):
    URBAN_FARMING = "urban_farming", _("Urban farming")
    RTH = "rth", _("Green open space (RTH)")
    FISH_POND = "fish_pond", _("Fish pond")
    COMMUNITY_GARDEN = "community_garden", _("Community garden")
    WASTE_SITE = "waste_site", _("Waste processing site")
    OTHER = "other", _("Other")


class IdlePlotQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=PlotStatus.REJECTED)

    def public(self):
        """Plots a lurah has verified; unchecked reports stay internal."""
        return self.filter(status__in=PUBLIC_STATUSES)


class IdlePlot(PlacedInKelurahan, Tracked):
    """Idle land (lahan tidur) that Perda Kota Metro 1/2018 asks the lurah to
    identify."""

    PERSONAL_FIELDS = ("owner_name",)

    geom = models.MultiPolygonField(_("shape"), srid=4326)
    area_m2 = models.GeneratedField(
        expression=area_expression(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("area (m²)"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlotStatus.choices,
        default=PlotStatus.REPORTED,
        db_index=True,
    )
    condition = models.CharField(
        _("current condition"),
        max_length=20,
        choices=Condition.choices,
        default=Condition.VACANT_LOT,
    )
    ownership = models.CharField(
        _("ownership"),
        max_length=12,
        choices=Ownership.choices,
        default=Ownership.UNKNOWN,
        db_index=True,
    )
    owner_name = models.CharField(_("owner name"), max_length=120, blank=True)
    proposed_use = models.CharField(
        _("proposed use"), max_length=20, choices=ProposedUse.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("survey record id"), max_length=64, blank=True, default=""
    )

    objects = IdlePlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("idle plot")
        verbose_name_plural = _("idle plots")
        ordering = ["id"]

    def __str__(self):
        if self.pk is None:
            return str(_("New idle plot"))
        return _("Idle plot #%(id)s") % {"id": self.pk}

    @property
    def area_ha(self):
        return None if self.area_m2 is None else self.area_m2 / M2_PER_HA

    def clean(self):
        super().clean()
        if self.geom is None or not self.geom.valid:
            return
        self._check_min_area()
        if self.status != PlotStatus.REJECTED:
            self._check_no_overlap()

    def _check_min_area(self):
        minimum = settings.WAKUNCAR_MIN_PLOT_M2
        area = area_m2(self.geom)
        if area < minimum:
            raise field_invalid(
                "geom",
                _("%(obj)s is %(area_text)s m²; the smallest plot is %(min_text)s m²."),
                code="too_small",
                obj=self,
                area=area,
                min=minimum,
                area_text=number_format(round(area, 1), 1, force_grouping=True),
                min_text=number_format(round(minimum), 0, force_grouping=True),
            )

    def _check_no_overlap(self):
        # A plot wholly inside another intersects it too, so it is caught here.
        others = (
            IdlePlot.objects.active()
            .exclude(pk=self.pk)
            .filter(geom__intersects=self.geom)
        )
        for other in others:
            shared = overlap_m2(
                self.geom, other.geom, settings.WAKUNCAR_PLOT_SNAP_TOLERANCE_M
            )
            if shared:
                raise field_invalid(
                    "geom",
                    _("%(obj)s overlaps %(other)s by %(area_text)s m²."),
                    code="overlaps_plot",
                    obj=self,
                    other=str(other),
                    overlaps=other.pk,
                    other_geometry=json.loads(other.geom.geojson),
                    area=shared,
                    area_text=number_format(round(shared), 0, force_grouping=True),
                )
