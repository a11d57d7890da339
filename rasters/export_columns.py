"""The raster statistics an idle plot export carries: land-cover shares and
idle share from the newest land-cover raster of its kelurahan, NDVI from the
newest NDVI raster, bare-land share from that, else from the newest
orthophoto. Only statistics of the plot's current shape are exported; the
stale ones are computed again first (``refresh``)."""

from django.db.models import CharField, FloatField, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from spatial.layers.export import Attribute

from .models import Kind, PlotStatistics, Raster
from .services.statistics import statistics_refresh


def _newest(kind, field, output):
    current_shape = Func(
        Func(OuterRef("geom"), function="ST_AsEWKB"),
        function="md5",
        output_field=CharField(),
    )
    return Subquery(
        PlotStatistics.objects.filter(
            plot=OuterRef("pk"),
            raster__kind=kind,
            geom_hash=current_shape,
            pixels__gt=0,
        )
        .order_by("-raster__uploaded_at", "-raster_id")
        .values(field)[:1],
        output_field=output,
    )


ATTRIBUTES = (
    Attribute(
        "land_cover",
        "str",
        _newest(Kind.LANDCOVER, "class_summary", CharField()),
        "land_cover",
        _("land cover (newest land-cover raster)"),
    ),
    Attribute(
        "idle_share",
        "float",
        _newest(Kind.LANDCOVER, "idle_share", FloatField()),
        "idle_share",
        _("share of classes marked idle"),
    ),
    Attribute(
        "ndvi_mean",
        "float",
        _newest(Kind.NDVI, "ndvi_mean", FloatField()),
        "ndvi_mean",
        _("mean NDVI"),
    ),
    Attribute(
        "ndvi_min",
        "float",
        _newest(Kind.NDVI, "ndvi_min", FloatField()),
        "ndvi_min",
        _("lowest NDVI"),
    ),
    Attribute(
        "ndvi_max",
        "float",
        _newest(Kind.NDVI, "ndvi_max", FloatField()),
        "ndvi_max",
        _("highest NDVI"),
    ),
    Attribute(
        "bare_share",
        "float",
        Coalesce(
            _newest(Kind.NDVI, "bare_share", FloatField()),
            _newest(Kind.ORTHOPHOTO, "bare_share", FloatField()),
        ),
        "bare_share",
        _("bare-land share (NDVI, else orthophoto)"),
    ),
)


def refresh(plots):
    """Bring the statistics of ``plots`` (the rows an export is about to read)
    up to date over every raster of their kelurahan."""
    rasters = Raster.objects.filter(
        kelurahan__in=plots.values("kelurahan_id").distinct()
    )
    statistics_refresh(rasters=list(rasters), plots=plots.values("pk"))
