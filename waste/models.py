from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from spatial.errors import field_invalid
from spatial.tracking import GpsCapture, PlacedInKelurahan, Tracked, Verified


class Kind(models.TextChoices):
    TPS = "tps", _("TPS (temporary collection point)")
    TPS3R = "tps3r", _("TPS3R (reduce-reuse-recycle site)")
    TPST = "tpst", _("TPST (integrated processing site)")
    BANK_SAMPAH = "bank_sampah", _("Bank sampah (waste bank)")
    COMPOSTING = "composting", _("Composting site")
    ILLEGAL_DUMPING = "illegal_dumping", _("Illegal dumping spot")
    OPEN_BURNING = "open_burning", _("Open burning spot")
    OTHER = "other", _("Other")


REPORTED_KINDS = frozenset({Kind.ILLEGAL_DUMPING, Kind.OPEN_BURNING})


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    CLEARED = "cleared", _("Cleared")


FACILITY_STATUSES = frozenset({Status.ACTIVE, Status.INACTIVE})
SPOT_STATUSES = frozenset({Status.REPORTED, Status.VERIFIED, Status.CLEARED})


def statuses_for(kind):
    """The statuses a waste point of ``kind`` can have, in the order of its
    life: the first is what a new one starts as."""
    allowed = SPOT_STATUSES if kind in REPORTED_KINDS else FACILITY_STATUSES
    return [status for status in Status.values if status in allowed]


class WastePointQuerySet(models.QuerySet):
    def public(self):
        """Facilities; reports of illegal spots stay internal until handled."""
        return self.exclude(kind__in=REPORTED_KINDS)


class WastePoint(PlacedInKelurahan, GpsCapture, Tracked, Verified):
    """A household-waste facility (TPS, bank sampah …) or a reported illegal
    dumping or open-burning spot."""

    PERSONAL_FIELDS = ()
    # A spot is reported by anyone who may add it; that it is real or cleared
    # is the lurah's (or the city admin's) call (spatial.permissions).
    REVIEWED_VALUES = {"status": frozenset({Status.VERIFIED, Status.CLEARED})}

    geom = models.PointField(_("location"), srid=4326)
    name = models.CharField(_("name"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, db_index=True
    )
    capacity_m3 = models.FloatField(_("capacity (m³)"), null=True, blank=True)
    operator = models.CharField(_("operator"), max_length=120, blank=True)
    collection_schedule = models.CharField(
        _("collection schedule"), max_length=120, blank=True
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.CharField(
        _("survey record id"), max_length=64, blank=True, default=""
    )

    objects = WastePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("waste point")
        verbose_name_plural = _("waste points")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity_m3__isnull=True)
                | models.Q(capacity_m3__gte=0),
                name="waste_capacity_not_negative",
            )
        ]

    def __str__(self):
        label = self.name or self.get_kind_display()
        return f"{label} #{self.pk}" if self.pk else str(label)

    @property
    def is_reported_spot(self):
        return self.kind in REPORTED_KINDS

    def clean(self):
        super().clean()
        self._check_status_fits_kind()
        self._check_dates()

    def _check_status_fits_kind(self):
        allowed = statuses_for(self.kind)
        if self.status not in allowed:
            raise field_invalid(
                "status",
                _("%(obj)s: a %(kind)s can be %(allowed)s, not %(status)s."),
                code="status_for_kind",
                obj=self,
                kind=self.get_kind_display(),
                allowed=", ".join(
                    str(Status(value).label).lower() for value in allowed
                ),
                status=str(dict(Status.choices).get(self.status, self.status)).lower(),
            )

    def _check_dates(self):
        if self.cleared_on and self.status != Status.CLEARED:
            raise field_invalid(
                "cleared_on",
                _("%(obj)s has a cleared date but is not cleared."),
                code="cleared_date",
                obj=self,
            )
        if self.cleared_on and self.reported_on and self.cleared_on < self.reported_on:
            raise field_invalid(
                "cleared_on",
                _("%(obj)s was cleared before it was reported."),
                code="cleared_before_reported",
                obj=self,
            )
