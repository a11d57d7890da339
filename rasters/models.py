"""Rasters of a kelurahan (orthophotos, land cover, NDVI), the classes of a
land-cover raster, what each raster says about each idle plot, and the idle
land it suggests that nobody has reported yet."""

from pathlib import Path

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from spatial.measure import area_expression


class Kind(models.TextChoices):
    ORTHOPHOTO = "orthophoto", _("Orthophoto")
    LANDCOVER = "landcover", _("Land cover")
    NDVI = "ndvi", _("NDVI")


class RasterQuerySet(models.QuerySet):
    def public(self):
        """An orthophoto shows every yard; rasters are for signed-in roles."""
        return self.none()


class Raster(models.Model):
    """A Cloud-Optimized GeoTIFF under MEDIA_ROOT and what was checked of it on
    the way in. The original file is not kept; its SHA-256 is."""

    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=255)
    path = models.CharField(_("file under the media root"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64)
    size_bytes = models.BigIntegerField(_("upload size (bytes)"))
    footprint = models.PolygonField(_("footprint"), srid=4326)
    crs = models.TextField(_("coordinate system"))
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    bands = models.PositiveSmallIntegerField(_("bands"))
    dtype = models.CharField(_("data type"), max_length=12)
    nodata = models.FloatField(_("nodata value"), null=True, blank=True)
    resolution_m = models.FloatField(_("pixel size (m)"))
    value_min = models.FloatField(_("lowest value"), null=True, blank=True)
    value_max = models.FloatField(_("highest value"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RasterQuerySet.as_manager()

    class Meta:
        verbose_name = _("raster")
        verbose_name_plural = _("rasters")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "sha256"], name="raster_once_per_kelurahan"
            )
        ]

    def __str__(self):
        return _("%(kind)s #%(id)s (%(name)s)") % {
            "kind": self.get_kind_display(),
            "id": self.pk,
            "name": self.name,
        }

    @property
    def file(self):
        return Path(settings.MEDIA_ROOT) / self.path


class LandCoverClass(models.Model):
    """One value of a land-cover raster, and whether it counts as idle land."""

    raster = models.ForeignKey(Raster, on_delete=models.CASCADE, related_name="classes")
    value = models.IntegerField(_("value"))
    label = models.CharField(_("label"), max_length=80)
    idle = models.BooleanField(_("idle land"), default=False)
    colour = models.CharField(_("colour"), max_length=7)

    class Meta:
        verbose_name = _("land-cover class")
        verbose_name_plural = _("land-cover classes")
        ordering = ["raster", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["raster", "value"], name="landcover_value_once"
            )
        ]

    def __str__(self):
        return f"{self.value} {self.label}"


class PlotStatistics(models.Model):
    """What one raster says about one idle plot, for the plot's shape as it was
    (``geom_hash``): a different hash means the shape changed since."""

    plot = models.ForeignKey(
        "landuse.IdlePlot", on_delete=models.CASCADE, related_name="+"
    )
    raster = models.ForeignKey(Raster, on_delete=models.CASCADE, related_name="+")
    geom_hash = models.CharField(max_length=32)
    pixels = models.PositiveIntegerField(_("pixels in the plot"))
    class_counts = models.JSONField(_("pixels per class"), default=dict, blank=True)
    # Kept as computed, for exports: "Semak belukar 50.0 %; Sawah 30.0 %".
    class_summary = models.CharField(_("land cover"), max_length=254, blank=True)
    idle_share = models.FloatField(_("idle land-cover share"), null=True, blank=True)
    ndvi_mean = models.FloatField(_("mean NDVI"), null=True, blank=True)
    ndvi_min = models.FloatField(_("lowest NDVI"), null=True, blank=True)
    ndvi_max = models.FloatField(_("highest NDVI"), null=True, blank=True)
    bare_share = models.FloatField(_("bare-land share"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("plot statistics")
        verbose_name_plural = _("plot statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["plot", "raster"], name="statistics_once_per_plot"
            )
        ]

    def __str__(self):
        return f"plot #{self.plot_id} × raster #{self.raster_id}"

    def class_shares(self):
        """{value: share of the plot's pixels} for a land-cover raster."""
        if not self.pixels:
            return {}
        return {int(v): n / self.pixels for v, n in self.class_counts.items()}


class CandidateState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class CandidateQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(state=CandidateState.PROPOSED)

    def public(self):
        return self.none()


class Candidate(models.Model):
    """Land a raster suggests may lie idle. Only a person decides: accepted, it
    becomes a reported idle plot; dismissed, it is not proposed again."""

    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    raster = models.ForeignKey(
        Raster,
        on_delete=models.SET_NULL,
        null=True,
        related_name="candidates",
        verbose_name=_("raster"),
    )
    geom = models.MultiPolygonField(_("shape"), srid=4326)
    area_m2 = models.GeneratedField(
        expression=area_expression(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("area (m²)"),
    )
    rule = models.CharField(_("found by"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CandidateState.choices,
        default=CandidateState.PROPOSED,
        db_index=True,
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    plot = models.OneToOneField(
        "landuse.IdlePlot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate",
        verbose_name=_("idle plot made of it"),
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate idle land")
        verbose_name_plural = _("candidate idle land")
        ordering = ["-area_m2", "id"]

    def __str__(self):
        return _("Candidate #%(id)s") % {"id": self.pk}


class UploadState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    RUNNING = "running", _("Being checked")
    DONE = "done", _("Kept")
    FAILED = "failed", _("Not saved")


class RasterUpload(models.Model):
    """A raster sent through the rasters page. The request only stores the
    file and queues it; a background job (rasters.tasks, run by ``manage.py
    db_worker``) checks and keeps it through ``raster_import``, as the command
    does, and records here what came of it: the raster, or the reason."""

    kelurahan = models.ForeignKey(
        "spatial.Kelurahan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=255)
    # The stored upload under MEDIA_ROOT, removed once it has been checked.
    path = models.CharField(_("file under the media root"), max_length=255)
    classes = models.BinaryField(_("classes file"), null=True, blank=True)
    classes_name = models.CharField(_("classes file name"), max_length=255, blank=True)
    # The uploader's language, for the reason a refusal gives.
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=UploadState.choices,
        default=UploadState.QUEUED,
        db_index=True,
    )
    message = models.TextField(_("message"), blank=True)
    # The django-tasks job that checks it.
    job = models.CharField(_("job"), max_length=64, blank=True)
    raster = models.ForeignKey(
        Raster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raster"),
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("raster upload")
        verbose_name_plural = _("raster uploads")
        ordering = ["-queued_at", "-id"]

    def __str__(self):
        return _("Upload #%(id)s (%(name)s)") % {"id": self.pk, "name": self.name}

    @property
    def file(self):
        return Path(settings.MEDIA_ROOT) / self.path
