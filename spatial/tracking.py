from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .errors import field_invalid
from .repair import diagnose
from .selectors import kelurahan_covering, rt_covering
from .topology import outside_of


class Tracked(models.Model):
    """Who made and last changed a record, and a version for optimistic locking."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A database default too, so set-based inserts (survey imports) need not
    # name it.
    version = models.PositiveIntegerField(
        _("version"), default=1, db_default=1, editable=False
    )

    class Meta:
        abstract = True


class Verified(models.Model):
    """Whether the lurah has checked a record a surveyor added: until then the
    surveyor may still change it (spatial.permissions decides)."""

    verified_at = models.DateTimeField(
        _("verified at"), null=True, blank=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )

    class Meta:
        abstract = True

    @property
    def is_verified(self):
        return self.verified_at is not None


class GpsCapture(models.Model):
    """What a phone or GPS unit recorded with a point, kept where present."""

    gps_accuracy_m = models.FloatField(_("GPS accuracy (m)"), null=True, blank=True)
    elevation_m = models.FloatField(_("elevation (m)"), null=True, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=120, blank=True)
    # The record of the upload a point came in: which model keeps it is a
    # setting (like AUTH_USER_MODEL), so the core names no app.
    survey_import = models.ForeignKey(
        settings.WAKUNCAR_UPLOAD_RECORD_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class PlacedInKelurahan(models.Model):
    """A feature drawn in one kelurahan: it must lie inside it, and takes the RT
    that covers its representative point."""

    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    rt = models.ForeignKey(
        "spatial.RT",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("RT"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.geom is None:
            return
        self._check_valid_geometry()
        self._check_inside_kelurahan()
        self.rt = rt_covering(self.geom.point_on_surface)

    def _check_valid_geometry(self):
        if self.geom.valid:
            return
        problem = diagnose(self.geom)
        if problem.at:
            raise field_invalid(
                "geom",
                _(
                    "%(obj)s: invalid shape (%(reason)s near %(lat).6f, %(lon).6f); "
                    "a repaired shape is offered."
                ),
                code="invalid_geometry",
                obj=self,
                reason=problem.reason,
                lat=problem.at[1],
                lon=problem.at[0],
                **problem.as_params(),
            )
        raise field_invalid(
            "geom",
            _("%(obj)s: invalid shape (%(reason)s)."),
            code="invalid_geometry",
            obj=self,
            reason=problem.reason,
            **problem.as_params(),
        )

    def _check_inside_kelurahan(self):
        if not self.kelurahan_id:
            found = kelurahan_covering(self.geom.point_on_surface)
            if found is None:
                raise field_invalid(
                    "geom",
                    _("%(obj)s lies outside every kelurahan."),
                    code="outside_kelurahan",
                    obj=self,
                )
            self.kelurahan = found
        outside = outside_of(self.geom, self.kelurahan.geom, tolerance=0)
        if outside:
            raise field_invalid(
                "geom",
                _(
                    "%(obj)s lies outside Kelurahan %(kel)s, up to %(dist).0f m "
                    "beyond its boundary."
                ),
                code="outside_kelurahan",
                obj=self,
                kel=self.kelurahan.name,
                dist=outside.distance_m,
            )
