"""Rasters: zonal statistics and tiles against rasterio and rio-tiler called
directly in the same run, and the time and peak memory of importing and
searching a kelurahan-sized land-cover raster and a 20,000 x 20,000 orthophoto.

    .venv/bin/python bench/bench_rasters.py [--plots 1000] [--landcover 10000]
        [--orthophoto 20000] [--repeat 3]

The script makes a scratch database beside the app's (``<name>_bench_rasters``),
migrates it, adds a 2 km x 2 km kelurahan (about the size of one in Kota Metro)
and writes its rasters with rasterio into a temporary folder, strip by strip.
Each measured step runs in a child process of its own, so its peak resident
memory (VmHWM, read by the child itself) is that step's alone; the time is
taken inside the child around the step itself (Django already set up).

- zonal: ``statistics_refresh`` for every plot over the land-cover COG, against
  a plain rasterio loop over the same plots (geometries already in the
  raster's CRS): window from the bounds, one windowed read, geometry_mask,
  np.unique. Both start from a cold GDAL cache in a fresh process.
- tiles: the tile endpoint through Django's test client (session, permission
  query, rio-tiler, PNG) against rio-tiler's Reader opened per tile and
  rendered the same way, for the same z16-z19 tiles of both rasters.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
X0, Y0, SIDE_M = 530_000, 9_430_000, 2_000
MEMORY_LIMIT_MB = 1024
# The direct scripts run under the GDAL configuration the app uses
# (rasters.io.gdal), so the comparison is of the code, not of GDAL's settings.
SAME_GDAL = {
    "GDAL_CACHEMAX": 256,
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_NUM_THREADS": "2",
}
CLASSES = (
    b"value,label,idle\n1,Permukiman,no\n2,Sawah,no\n3,Semak belukar,yes\n"
    b"4,Kebun campuran,no\n5,Kolam,no\n"
)

BOUNDARIES = f"""
INSERT INTO spatial_kecamatan (name, code, slug, geom)
VALUES ('Metro Bench', '99.01', 'metro-bench', ST_Multi(ST_Transform(
  ST_MakeEnvelope({X0}, {Y0}, {X0 + SIDE_M}, {Y0 + SIDE_M}, 32748), 4326)));
INSERT INTO spatial_kelurahan (name, code, slug, geom, kecamatan_id)
SELECT 'Rejomulyo Bench', '99.01.1001', 'bench', geom, id FROM spatial_kecamatan;
"""
# One plot in each cell of a 32 x 32 grid (62.5 m), 15-50 m a side.
PLOTS = f"""
INSERT INTO landuse_idleplot (geom, status, condition, ownership, owner_name,
  proposed_use, notes, external_id, created_at, updated_at, version, kelurahan_id)
SELECT ST_Multi(ST_Transform(ST_MakeEnvelope(
    {X0} + c * 62.5 + 5, {Y0} + r * 62.5 + 5,
    {X0} + c * 62.5 + 5 + 15 + (i * 7919) % 36,
    {Y0} + r * 62.5 + 5 + 15 + (i * 104729) % 36, 32748), 4326)),
  'reported', 'vacant_lot', 'unknown', '', '', '', '', now(), now(), 1,
  (SELECT id FROM spatial_kelurahan)
FROM generate_series(0, {{count}} - 1) i,
  LATERAL (SELECT i % 32 AS c, i / 32 AS r) g;
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=1000)
    parser.add_argument("--landcover", type=int, default=10_000, help="pixels a side")
    parser.add_argument(
        "--orthophoto", type=int, default=20_000, help="pixels a side (0: skip)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    scratch = Scratch(base)
    scratch.create()
    figures = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-rasters-") as tmp:
            figures = run(scratch, Path(tmp), args)
    finally:
        scratch.drop()
    report(args, figures)
    return 0


def run(scratch, tmp, args):
    figures = {}
    landcover = tmp / "tutupan_lahan.tif"
    scratch.child("write-landcover", landcover, args.landcover)
    figures["import_landcover"] = scratch.child("import", landcover, "landcover")
    lc_id = figures["import_landcover"]["raster"]
    scratch.sql(PLOTS.format(count=args.plots))
    geometries = tmp / "plots.json"
    scratch.child("plots", lc_id, geometries)
    ours, direct = [], []
    for _ in range(args.repeat):
        ours.append(scratch.child("zonal", lc_id))
        direct.append(scratch.child("zonal-direct", lc_id, geometries))
    figures["zonal"] = (ours, direct)
    print(
        f"zonal: ours {[r['seconds'] for r in ours]}, direct "
        f"{[r['seconds'] for r in direct]}",
        flush=True,
    )
    figures["search_landcover"] = scratch.child("search", lc_id)
    if not args.orthophoto:
        figures["tiles"] = {"landcover": tile_runs(scratch, lc_id, args.repeat)}
        return figures

    orthophoto = tmp / "ortofoto.tif"
    scratch.child("write-orthophoto", orthophoto, args.orthophoto)
    figures["import_orthophoto"] = scratch.child("import", orthophoto, "orthophoto")
    ortho_id = figures["import_orthophoto"]["raster"]
    figures["search_orthophoto"] = scratch.child("search", ortho_id)

    figures["tiles"] = {
        "landcover": tile_runs(scratch, lc_id, args.repeat),
        "orthophoto": tile_runs(scratch, ortho_id, args.repeat),
    }
    return figures


def tile_runs(scratch, raster, repeat):
    ours, direct = [], []
    for _ in range(repeat):
        ours.append(scratch.child("tiles", raster))
        direct.append(scratch.child("tiles-direct", raster))
    print(
        f"tiles {raster}: ours {[r['seconds'] for r in ours]}, direct "
        f"{[r['seconds'] for r in direct]}",
        flush=True,
    )
    return ours, direct


# -- the rasters, written strip by strip ------------------------------------


def step_write_landcover(path, side):
    started = time.perf_counter()
    write_landcover(Path(path), int(side))
    return {"seconds": time.perf_counter() - started}


def step_write_orthophoto(path, side):
    started = time.perf_counter()
    write_orthophoto(Path(path), int(side))
    return {"seconds": time.perf_counter() - started}


def write_landcover(path, side):
    """0.2 m land cover (at 10,000 px, the 2 km kelurahan): 5 m patches of
    settlement, rice, gardens and ponds, and 40 shrub fields 20-60 m across."""
    import numpy as np
    import rasterio

    pixel = SIDE_M / side
    patch = max(1, round(5 / pixel))
    rng = np.random.default_rng(14)
    cells = math.ceil(side / patch)
    patches = rng.choice(np.array([1, 2, 4, 5], "uint8"), (cells, cells))
    for _ in range(40):
        r, c = rng.integers(0, cells - 12, 2)
        h, w = rng.integers(4, 12, 2)
        patches[r : r + h, c : c + w] = 3
    profile = _profile(side, 1, "uint8", pixel)
    with rasterio.Env(GDAL_CACHEMAX=256), rasterio.open(path, "w", **profile) as dst:
        for row in range(0, side, 512):
            rows = min(512, side - row)
            strip = np.repeat(
                np.repeat(patches[row // patch : (row + rows) // patch + 1], patch, 0),
                patch,
                1,
            )
            offset = row % patch
            dst.write(
                strip[offset : offset + rows, :side],
                1,
                window=((row, row + rows), (0, side)),
            )


def write_orthophoto(path, side):
    """0.1 m RGB (at 20,000 px): 2 m patches of leaves, roofs, concrete and
    soil with pixel noise, and 30 bare fields 20-50 m across."""
    import numpy as np
    import rasterio

    pixel = SIDE_M / side
    patch = max(1, round(2 / pixel))
    rng = np.random.default_rng(20)
    cells = math.ceil(side / patch)
    palette = np.array(
        [[60, 140, 50], [180, 60, 50], [150, 150, 150], [170, 120, 80]], "uint8"
    )
    kinds = rng.choice(4, (cells, cells), p=[0.55, 0.2, 0.15, 0.1]).astype("uint8")
    for _ in range(30):
        r, c = rng.integers(0, cells - 25, 2)
        h, w = rng.integers(10, 25, 2)
        kinds[r : r + h, c : c + w] = 3
    profile = _profile(side, 3, "uint8", pixel)
    with rasterio.Env(GDAL_CACHEMAX=256), rasterio.open(path, "w", **profile) as dst:
        for row in range(0, side, 500):
            rows = min(500, side - row)
            block = kinds[row // patch : (row + rows - 1) // patch + 1]
            block = np.repeat(np.repeat(block, patch, 0), patch, 1)
            offset = row % patch
            block = block[offset : offset + rows, :side]
            noise = rng.integers(-8, 9, (rows, side), dtype="int16")
            for band in range(3):
                values = palette[block, band].astype("int16") + noise
                dst.write(
                    np.clip(values, 0, 255).astype("uint8"),
                    band + 1,
                    window=((row, row + rows), (0, side)),
                )


def _profile(side, count, dtype, pixel):
    from rasterio.transform import from_origin

    return {
        "driver": "GTiff",
        "width": side,
        "height": side,
        "count": count,
        "dtype": dtype,
        "crs": "EPSG:32748",
        "transform": from_origin(X0, Y0 + SIDE_M, pixel, pixel),
        "tiled": True,
        "blockxsize": 512,
        "blockysize": 512,
        "BIGTIFF": "IF_SAFER",
    }


# -- the scratch database -----------------------------------------------------


class Scratch:
    """A database of our own, so the benchmark neither sees nor touches data."""

    def __init__(self, url):
        import dj_database_url

        self.base = dj_database_url.parse(url)
        self.name = f"{self.base['NAME']}_bench_rasters"
        self.url = url.rsplit("/", 1)[0] + "/" + self.name
        self.media = Path(tempfile.mkdtemp(prefix="bench-rasters-media-"))

    def create(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._admin(f'CREATE DATABASE "{self.name}"')
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
        )
        self.sql(BOUNDARIES)

    def drop(self):
        import shutil

        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.media, ignore_errors=True)

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "DEBUG": "0",
            "SECRET_KEY": "bench-rasters-not-secret",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
        }

    def child(self, *args):
        """One step in a fresh process; its JSON answer, with its peak RSS as
        the child read it (VmHWM): wait4's ru_maxrss would report at least
        the parent's own peak, which a vfork'ed child inherits at exec."""
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", *map(str, args)],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
        )
        output = process.stdout.read()
        _, status, _usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"step {args} failed")
        result = json.loads(output)
        print(f"{args[0]} {args[1]}: {result}", flush=True)
        return result

    def sql(self, sql):
        import psycopg2

        conn = psycopg2.connect(
            host=self.base["HOST"],
            port=self.base["PORT"] or 5432,
            user=self.base["USER"],
            password=self.base["PASSWORD"],
            dbname=self.name,
        )
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
            conn.commit()
        finally:
            conn.close()

    def _admin(self, sql):
        import psycopg2

        conn = psycopg2.connect(
            host=self.base["HOST"],
            port=self.base["PORT"] or 5432,
            user=self.base["USER"],
            password=self.base["PASSWORD"],
            dbname="postgres",
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()


# -- the steps, each in its own process ---------------------------------------


def child(step, *args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()
    cpu = time.process_time()
    result = STEPS[step](*args)
    result["cpu_total"] = time.process_time() - cpu
    result["peak_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


def peak_rss_mb():
    """This process's own high-water resident memory (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def step_import(path, kind):
    from rasters.services.imports import raster_import
    from spatial.models import Kelurahan, Role
    from spatial.permissions import stand_in

    started = time.perf_counter()
    raster = raster_import(
        user=stand_in(Role.CITY_ADMIN),
        kelurahan=Kelurahan.objects.get(slug="bench"),
        kind=kind,
        file=Path(path),
        name=Path(path).name,
        classes=CLASSES if kind == "landcover" else None,
        classes_name="kelas.csv",
    )
    return {
        "raster": raster.pk,
        "seconds": time.perf_counter() - started,
        "cog_mb": raster.file.stat().st_size / 1048576,
        "upload_mb": raster.size_bytes / 1048576,
    }


def step_plots(raster_id, out):
    """The plots' shapes in the raster's CRS, for the direct script."""
    import rasterio.warp

    from landuse.models import IdlePlot
    from rasters.models import Raster

    raster = Raster.objects.get(pk=raster_id)
    shapes = [json.loads(p.geom.geojson) for p in IdlePlot.objects.order_by("pk")]
    with rasterio.open(raster.file) as src:
        moved = rasterio.warp.transform_geom("EPSG:4326", src.crs, shapes)
    Path(out).write_text(json.dumps(moved))
    return {"plots": len(moved)}


def step_zonal(raster_id):
    from rasters.models import PlotStatistics, Raster
    from rasters.services.statistics import statistics_refresh

    raster = Raster.objects.get(pk=raster_id)
    PlotStatistics.objects.filter(raster=raster).delete()
    started, cpu = time.perf_counter(), time.process_time()
    written = statistics_refresh(rasters=[raster])
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "plots": written,
    }


def step_zonal_direct(raster_id, geometries):
    """What a GIS person would write with rasterio alone."""
    import numpy as np
    import rasterio
    from rasterio.features import bounds, geometry_mask
    from rasterio.windows import from_bounds

    from rasters.models import Raster

    path = Raster.objects.get(pk=raster_id).file
    shapes = json.loads(Path(geometries).read_text())
    started, cpu = time.perf_counter(), time.process_time()
    results = []
    with rasterio.Env(**SAME_GDAL), rasterio.open(path) as src:
        for geometry in shapes:
            window = (
                from_bounds(*bounds(geometry), src.transform)
                .round_offsets()
                .round_lengths()
            )
            data = src.read(1, window=window, masked=True)
            inside = geometry_mask(
                [geometry],
                out_shape=data.shape,
                transform=src.window_transform(window),
                invert=True,
            )
            values, counts = np.unique(
                data.data[inside & ~np.ma.getmaskarray(data)], return_counts=True
            )
            results.append(dict(zip(values.tolist(), counts.tolist(), strict=True)))
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "plots": len(results),
    }


def step_search(raster_id):
    from rasters.models import Raster
    from rasters.services.candidates import candidate_search
    from spatial.models import Role
    from spatial.permissions import stand_in

    raster = Raster.objects.get(pk=raster_id)
    started = time.perf_counter()
    result = candidate_search(
        user=stand_in(Role.CITY_ADMIN), kelurahan=raster.kelurahan, raster_id=raster.pk
    )
    return {
        "seconds": time.perf_counter() - started,
        "candidates": len(result.candidates),
        "cells": result.cells_read,
        "m2": sum(c.area_m2 for c in result.candidates),
    }


def tile_list():
    """z16-z19 tiles over the middle of the kelurahan: what panning a map
    there asks for (4 + 4 + 16 + 36 tiles)."""
    import morecantile
    from pyproj import Transformer

    to_lonlat = Transformer.from_crs(32748, 4326, always_xy=True)
    lon, lat = to_lonlat.transform(X0 + SIDE_M / 2, Y0 + SIDE_M / 2)
    grid = morecantile.tms.get("WebMercatorQuad")
    tiles = []
    for z, span in ((16, 2), (17, 2), (18, 4), (19, 6)):
        centre = grid.tile(lon, lat, z)
        tiles += [
            (z, centre.x + dx, centre.y + dy)
            for dx in range(-(span // 2), span - span // 2)
            for dy in range(-(span // 2), span - span // 2)
        ]
    return tiles


def step_tiles(raster_id):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from spatial.models import Profile, Role

    user = get_user_model().objects.create(username=f"bench-{time.time_ns()}")
    Profile.objects.create(user=user, role=Role.CITY_ADMIN)
    client = Client()
    client.force_login(user)
    tiles = tile_list()
    # A running server has imported rio-tiler and resolved its URLs already:
    # one request for a tile far from the raster (204, nothing read) does that.
    far = client.get(f"/raster/{raster_id}/ubin/16/0/0.png")
    assert far.status_code == 204, far.status_code
    started, cpu = time.perf_counter(), time.process_time()
    sizes = []
    for z, x, y in tiles:
        response = client.get(f"/raster/{raster_id}/ubin/{z}/{x}/{y}.png")
        assert response.status_code == 200, response.status_code
        sizes.append(len(response.content))
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "tiles": len(sizes),
    }


def step_tiles_direct(raster_id):
    import rasterio
    from rio_tiler.colormap import cmap  # noqa: F401 - loaded as the server does
    from rio_tiler.io import Reader

    from rasters.models import Raster

    raster = Raster.objects.get(pk=raster_id)
    colours = {
        v: (*(int(c[i : i + 2], 16) for i in (1, 3, 5)), 255)
        for v, c in raster.classes.values_list("value", "colour")
    }
    path = str(raster.file)
    tiles = tile_list()
    started, cpu = time.perf_counter(), time.process_time()
    for z, x, y in tiles:
        with rasterio.Env(**SAME_GDAL), Reader(path) as cog:
            if raster.kind == "orthophoto":
                image = cog.tile(
                    x, y, z, indexes=(1, 2, 3), resampling_method="bilinear"
                )
                image.render(img_format="PNG")
            else:
                image = cog.tile(x, y, z, indexes=(1,))
                image.render(img_format="PNG", colormap=colours)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "tiles": len(tiles),
    }


STEPS = {
    "write-landcover": step_write_landcover,
    "write-orthophoto": step_write_orthophoto,
    "import": step_import,
    "plots": step_plots,
    "zonal": step_zonal,
    "zonal-direct": step_zonal_direct,
    "search": step_search,
    "tiles": step_tiles,
    "tiles-direct": step_tiles_direct,
}


def report(args, figures):
    # Best of the interleaved runs, in wall-clock and in CPU seconds of the
    # measuring process: on a machine other people's jobs share, the fastest
    # run is the least disturbed, and CPU time is disturbed far less than the
    # clock (it leaves out PostgreSQL's own share of statistics_refresh and of
    # the endpoint's session and permission queries).
    def best(runs, key="seconds"):
        return min(r[key] for r in runs)

    def line(label, ours, direct):
        wall, cpu = best(ours) / best(direct), best(ours, "cpu") / best(direct, "cpu")
        return (
            f"| {label} | {best(direct):.2f} | {best(ours):.2f} | **{wall:.2f}** "
            f"| {best(direct, 'cpu'):.2f} | {best(ours, 'cpu'):.2f} | **{cpu:.2f}** |"
        )

    header = (
        "| | direct (s) | ours (s) | ratio | direct CPU (s) | ours CPU (s) "
        "| CPU ratio |\n|---|---|---|---|---|---|---|"
    )
    print()
    print(
        f"zonal statistics, {args.plots:,} plots, {args.landcover:,}² px land "
        f"cover, rasterio loop vs statistics_refresh (best of {args.repeat}):"
    )
    print(header)
    print(line("zonal statistics", *figures["zonal"]))
    print()
    print(
        f"tiles, {len(tile_list())} z16-z19 tiles, rio-tiler vs the tile endpoint "
        f"(best of {args.repeat}):"
    )
    print(header)
    for name, (ours, direct) in figures["tiles"].items():
        print(line(name, ours, direct))
    print()
    print(f"time and peak resident memory (limit {MEMORY_LIMIT_MB} MB):")
    print("| step | seconds | peak RSS (MB) | |")
    print("|---|---|---|---|")
    rows = [
        ("import_landcover", f"import {args.landcover:,}² land cover (COG)"),
        ("search_landcover", f"candidate search, {args.landcover:,}² land cover"),
        ("import_orthophoto", f"import {args.orthophoto:,}² x 3 orthophoto (COG)"),
        ("search_orthophoto", f"candidate search, {args.orthophoto:,}² orthophoto"),
    ]
    for key, label in rows:
        if key not in figures:
            continue
        result = figures[key]
        extra = (
            f"{result['candidates']} candidates"
            if "candidates" in result
            else f"{result['upload_mb']:.0f} MB -> {result['cog_mb']:.0f} MB COG"
        )
        print(
            f"| {label} | {result['seconds']:.1f} | {result['peak_mb']:.0f} | {extra} |"
        )


if __name__ == "__main__":
    sys.exit(main())
