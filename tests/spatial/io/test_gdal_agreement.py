"""fiona and rasterio bring their own GDAL and PROJ while GeoDjango loads the
system's, and pyproj (under rio-tiler's tile grid) its own PROJ too. The same
point must land on the same coordinates through each."""

import pytest
import rasterio.warp
from django.contrib.gis.geos import Point
from fiona.transform import transform

KOTA_METRO = (105.30, -5.117)


def through_geodjango(lon, lat, srid):
    p = Point(lon, lat, srid=4326)
    p.transform(srid)
    return p.x, p.y


def through_fiona(lon, lat, srid):
    xs, ys = transform("EPSG:4326", f"EPSG:{srid}", [lon], [lat])
    return xs[0], ys[0]


def through_rasterio(lon, lat, srid):
    xs, ys = rasterio.warp.transform("EPSG:4326", f"EPSG:{srid}", [lon], [lat])
    return xs[0], ys[0]


def through_pyproj(lon, lat, srid):
    from pyproj import Transformer

    return Transformer.from_crs(4326, srid, always_xy=True).transform(lon, lat)


@pytest.mark.parametrize("srid", [32748, 9470, 23878, 3857])
def test_three_gdal_builds_and_pyproj_agree_to_a_millimetre(srid):
    expected = through_geodjango(*KOTA_METRO, srid)
    assert through_fiona(*KOTA_METRO, srid) == pytest.approx(expected, abs=1e-3)
    assert through_rasterio(*KOTA_METRO, srid) == pytest.approx(expected, abs=1e-3)
    assert through_pyproj(*KOTA_METRO, srid) == pytest.approx(expected, abs=1e-3)


def test_utm_48s_puts_kota_metro_where_it_belongs():
    x, y = through_geodjango(*KOTA_METRO, 32748)
    assert 530_000 < x < 536_000 and 9_430_000 < y < 9_438_000
