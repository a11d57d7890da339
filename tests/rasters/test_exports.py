"""Idle plot exports carry the plots' raster statistics, for the plot's shape
as it is at export time, read back with the system's ogrinfo."""

import numpy as np
import pytest

from exports.services import layer_export
from landuse.models import IdlePlot
from rasters.services.imports import raster_import
from spatial.services.editing import feature_update
from tests.factories import IdlePlotFactory, utm_box
from tests.ogrinfo import layers, ogrinfo

from .rasters import CLASSES_CSV, write_raster

pytestmark = pytest.mark.django_db


@pytest.fixture
def plot_with_rasters(tmp_path, kelurahan, lurah):
    plot = IdlePlotFactory(
        kelurahan=kelurahan, geom=utm_box(100, 260, 140, 300), created_by=lurah
    )
    cover = np.full((200, 200), 1, "uint8")
    cover[50:70, 50:62] = 3  # 240 of the plot's 400 pixels
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="landcover",
        file=write_raster(tmp_path / "lc.tif", cover),
        name="lc.tif",
        classes=CLASSES_CSV,
        classes_name="c.csv",
    )
    ndvi = np.full((200, 200), 0.5, "float32")
    ndvi[50:70, 50:60] = 0.1
    raster_import(
        user=lurah,
        kelurahan=kelurahan,
        kind="ndvi",
        file=write_raster(tmp_path / "ndvi.tif", ndvi),
        name="ndvi.tif",
    )
    return plot


def test_the_export_has_the_statistics_columns(tmp_path, lurah, plot_with_rasters):
    out = tmp_path / "petak.gpkg"
    layer_export(user=lurah, layer="idle_plots", format="gpkg", out=out)
    fields = layers(out)["idle_plots"].fields
    assert {"land_cover", "idle_share", "ndvi_mean", "bare_share"} <= set(fields)
    listing = ogrinfo(out)
    assert "land_cover (String) = Semak belukar 60.0 %; Permukiman 40.0 %" in listing
    assert "idle_share (Real) = 0.6" in listing
    assert "ndvi_mean (Real) = 0.3" in listing
    assert "bare_share (Real) = 0.5" in listing


def test_a_shape_changed_since_is_exported_with_its_new_statistics(
    tmp_path, lurah, plot_with_rasters
):
    plot = plot_with_rasters
    feature_update(
        user=lurah,
        model=IdlePlot,
        pk=plot.pk,
        expected_version=plot.version,
        attrs={},
        geom=utm_box(100, 260, 120, 300),  # the Semak half only
    )
    out = tmp_path / "petak.gpkg"
    layer_export(user=lurah, layer="idle_plots", format="gpkg", out=out)
    listing = ogrinfo(out)
    assert "land_cover (String) = Semak belukar 100.0 %" in listing
    assert "bare_share (Real) = 1" in listing
