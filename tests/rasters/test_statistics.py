"""Zonal statistics of idle plots, against shares counted by hand on rasters
whose pixels line up with the plots' edges (2 m pixels, top-left at (0, 400))."""

import numpy as np
import pytest

from landuse.models import IdlePlot
from rasters.models import PlotStatistics
from rasters.services.imports import raster_import
from rasters.services.statistics import plot_statistics
from spatial.errors import NotFound
from spatial.services.editing import feature_update
from tests.factories import IdlePlotFactory, utm_box

from .rasters import CLASSES_CSV, write_raster

pytestmark = pytest.mark.django_db

# Rows 50-70 and columns 50-70 of the rasters below: 20 x 20 = 400 pixels.
PLOT = utm_box(100, 260, 140, 300)


def land_cover(tmp_path, kelurahan, user, name="lc.tif"):
    data = np.full((200, 200), 1, "uint8")
    data[50:70, 50:60] = 3  # 200 pixels of the plot: half
    data[50:70, 60:66] = 2  # 120: 30 %
    data[50:70, 66:70] = 1  # 80: 20 %
    return raster_import(
        user=user,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / name, data),
        name=name,
        classes=CLASSES_CSV,
        classes_name="classes.csv",
    )


def test_class_shares_match_the_pixels_counted_by_hand(tmp_path, kelurahan, lurah):
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT)
    land_cover(tmp_path, kelurahan, lurah)
    [summary] = plot_statistics(user=lurah, pk=plot.pk)["rasters"]
    shares = {c["label"]: c["share"] for c in summary["classes"]}
    assert shares == {
        "Semak belukar": pytest.approx(0.5),
        "Sawah": pytest.approx(0.3),
        "Permukiman": pytest.approx(0.2),
    }
    assert summary["pixels"] == 400


def test_ndvi_mean_min_max_and_bare_share_leave_nodata_out(tmp_path, kelurahan, lurah):
    data = np.full((200, 200), 0.5, "float32")
    data[50:70, 50:60] = 0.1  # 200 bare pixels (NDVI < 0.2)
    data[50:70, 60:70] = 0.7  # 200 vegetated
    data[50:60, 65:70] = -9999  # 50 of those without data
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT)
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "ndvi.tif", data, nodata=-9999),
        name="ndvi.tif",
    )
    [summary] = plot_statistics(user=lurah, pk=plot.pk)["rasters"]
    assert summary["pixels"] == 350
    assert summary["ndvi"] == {
        "mean": pytest.approx((200 * 0.1 + 150 * 0.7) / 350, abs=1e-6),
        "min": pytest.approx(0.1),
        "max": pytest.approx(0.7),
    }
    assert summary["bare_share"] == pytest.approx(200 / 350)


def test_an_orthophoto_gives_the_bare_soil_share(tmp_path, kelurahan, lurah):
    data = np.stack([np.full((200, 200), v, "uint8") for v in (60, 140, 50)])
    data[:, 50:70, 50:55] = np.array([170, 120, 80], "uint8")[:, None, None]
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT)
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="orthophoto",
        file=write_raster(tmp_path / "o.tif", data),
        name="o.tif",
    )
    [summary] = plot_statistics(user=lurah, pk=plot.pk)["rasters"]
    assert summary["bare_share"] == pytest.approx(100 / 400)


def test_a_changed_shape_is_computed_again_on_the_next_read(tmp_path, kelurahan, lurah):
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT, created_by=lurah)
    land_cover(tmp_path, kelurahan, lurah)
    # Only the left half: columns 50-60, all Semak belukar.
    feature_update(
        user=lurah,
        model=IdlePlot,
        pk=plot.pk,
        expected_version=plot.version,
        attrs={},
        geom=utm_box(100, 260, 120, 300),
    )
    [summary] = plot_statistics(user=lurah, pk=plot.pk)["rasters"]
    assert [(c["label"], c["share"]) for c in summary["classes"]] == [
        ("Semak belukar", 1.0)
    ]
    assert PlotStatistics.objects.get().pixels == 200


def test_a_new_raster_of_the_same_kind_is_the_one_shown(tmp_path, kelurahan, lurah):
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT)
    land_cover(tmp_path, kelurahan, lurah)
    data = np.full((200, 200), 2, "uint8")
    newer = raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "baru.tif", data),
        name="baru.tif",
        classes=CLASSES_CSV,
        classes_name="classes.csv",
    )
    [summary] = plot_statistics(user=lurah, pk=plot.pk)["rasters"]
    assert summary["raster"]["id"] == newer.pk
    assert [c["label"] for c in summary["classes"]] == ["Sawah"]


def test_the_public_and_other_kelurahan_get_no_statistics(
    tmp_path, kelurahan, lurah, other_kelurahan
):
    from spatial.models import Role
    from tests.factories import UserFactory

    plot = IdlePlotFactory(kelurahan=kelurahan, geom=PLOT)
    land_cover(tmp_path, kelurahan, lurah)
    other = UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), other):
        with pytest.raises(NotFound):
            plot_statistics(user=user, pk=plot.pk)
