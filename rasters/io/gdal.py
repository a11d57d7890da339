"""How every raster is opened. rasterio's wheel brings its own GDAL and PROJ
(newer than Debian's, which GeoDjango uses); tests/spatial/io/
test_gdal_agreement.py keeps the two placing points alike."""

import rasterio
from django.conf import settings


def gdal_env():
    """A bounded block cache (GDAL's default is 5 % of the machine's memory,
    over 1 GB here) and no reading of files beside the one opened: an upload
    is a single file, and a planted .aux.xml or .ovr must not be picked up."""
    return rasterio.Env(
        GDAL_CACHEMAX=settings.WAKUNCAR_RASTER_GDAL_CACHE_MB,
        GDAL_DISABLE_READDIR_ON_OPEN="EMPTY_DIR",
        GDAL_NUM_THREADS="2",
    )


def open_geotiff(path):
    """The file as a GeoTIFF, and only as one: GDAL would otherwise try every
    driver it has on whatever was uploaded."""
    return rasterio.open(path, driver="GTiff")
