"""Small rasters written in a test's tmp_path with rasterio, on the UTM 48S
grid of tests.factories (metres from X0, Y0)."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import rasterio
from django.conf import settings
from rasterio.transform import from_origin

from tests.factories import X0, Y0

PIXEL = 2.0


def write_raster(
    path,
    bands,
    *,
    left=0.0,
    top=400.0,
    pixel=PIXEL,
    crs="EPSG:32748",
    nodata=None,
    **profile,
):
    """``bands`` (bands, rows, cols) as a GeoTIFF whose top-left corner lies
    ``left``, ``top`` metres from (X0, Y0)."""
    bands = np.asarray(bands)
    if bands.ndim == 2:
        bands = bands[np.newaxis]
    count, rows, cols = bands.shape
    options = {
        "driver": "GTiff",
        "width": cols,
        "height": rows,
        "count": count,
        "dtype": bands.dtype.name,
        "crs": crs,
        "transform": from_origin(X0 + left, Y0 + top, pixel, pixel),
        "nodata": nodata,
        **profile,
    }
    if crs is None:
        options.pop("crs")
    with rasterio.open(path, "w", **options) as dst:
        dst.write(bands)
    return Path(path)


def square(value, background, *, size=200, rows=(50, 70), cols=(50, 70), dtype):
    """A ``size`` × ``size`` band of ``background`` with ``value`` in the
    given rows and columns."""
    data = np.full((size, size), background, dtype=dtype)
    data[rows[0] : rows[1], cols[0] : cols[1]] = value
    return data


def square_m(rows=(50, 70), cols=(50, 70), *, top=400.0, pixel=PIXEL):
    """The square's corners in metres from (X0, Y0): x0, y0, x1, y1."""
    return (
        cols[0] * pixel,
        top - rows[1] * pixel,
        cols[1] * pixel,
        top - rows[0] * pixel,
    )


CLASSES_CSV = b"value,label,idle\n1,Permukiman,no\n2,Sawah,no\n3,Semak belukar,yes\n"


ROOT = Path(__file__).resolve().parents[2]


def run_worker():
    """The worker `make run` starts, in its own process on the test database,
    until the queue is empty."""
    from tests.live.gunicorn import database_url_of_tests

    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_tests(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr
