from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import PARAMETER_BY_KEY


class Threshold(models.Model):
    """A threshold of the early-warning rules as the city admin set it; a key
    without a row keeps its default from perda.rules."""

    key = models.CharField(_("threshold"), max_length=60, unique=True)
    value = models.FloatField(_("value"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("early-warning threshold")
        verbose_name_plural = _("early-warning thresholds")

    def __str__(self):
        parameter = PARAMETER_BY_KEY.get(self.key)
        return f"{parameter.label if parameter else self.key}: {self.value:g}"


class ThresholdChange(models.Model):
    """Who changed which threshold, from what to what, and when."""

    key = models.CharField(_("threshold"), max_length=60, db_index=True)
    old_value = models.FloatField(_("old value"))
    new_value = models.FloatField(_("new value"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("threshold change")
        verbose_name_plural = _("threshold changes")

    def __str__(self):
        return f"{self.key}: {self.old_value:g} → {self.new_value:g}"

    @property
    def label(self):
        parameter = PARAMETER_BY_KEY.get(self.key)
        return parameter.label if parameter else self.key


class Snapshot(models.Model):
    """Every indicator and level of one kelurahan at the end of a month, so a
    report can say what changed since the month before."""

    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    as_of = models.DateField(_("as of"))
    taken_at = models.DateTimeField(_("taken"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    data = models.JSONField(_("indicators and levels"))

    class Meta:
        ordering = ["-month", "kelurahan"]
        verbose_name = _("monthly snapshot")
        verbose_name_plural = _("monthly snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "month"], name="perda_snapshot_one_per_month"
            )
        ]

    def __str__(self):
        return f"{self.kelurahan} {self.month:%Y-%m}"


class NearestFacility(models.Model):
    """Each household's nearest active TPS, TPS3R, TPST or bank sampah and
    its distance in metres, kept by perda.nearest: a KNN search per household
    is ~50 µs, too slow to repeat for every page of a 50,000-household
    kelurahan, and the answer changes only when a household moves or a
    facility comes, goes or moves. ``geom`` is where the household was when
    measured, so a move is noticed."""

    household = models.OneToOneField(
        "households.Household",
        primary_key=True,
        # Rows of deleted households are ignored (every read joins from the
        # households) and swept by perda.nearest.sweep; a database-level
        # cascade would put a query on every delete elsewhere.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The household's kelurahan when measured: a page reads its kelurahan's
    # rows by this index instead of hashing the whole city's.
    kelurahan_id = models.BigIntegerField(null=True, db_index=True)
    facility_id = models.BigIntegerField(null=True, db_index=True)
    metres = models.FloatField(null=True)
    geom = gis_models.PointField(srid=4326)

    class Meta:
        verbose_name = _("nearest facility of a household")
        verbose_name_plural = _("nearest facilities of households")

    def __str__(self):
        return f"household #{self.household_id}: #{self.facility_id} {self.metres} m"


class FacilityState(models.Model):
    """The active facilities NearestFacility was measured against."""

    facility_id = models.BigIntegerField(primary_key=True)
    geom = gis_models.PointField(srid=4326)

    def __str__(self):
        return f"facility #{self.facility_id}"
