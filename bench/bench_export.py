"""Exporting households: ``layer_export`` against ogr2ogr on the same rows, from
the same PostGIS database, in the same run; then the peak memory of exporting
a million households.

    .venv/bin/python bench/bench_export.py [--rows 100000] [--memory-rows 1000000]

The script makes a scratch database beside the app's (``<name>_bench_export``),
migrates it, fills it with SQL, measures, and drops it. Each export runs in a
child process of its own: its time is the export alone (Django is set up
first), its peak resident memory comes from ``os.wait4``. ogr2ogr reads the
SQL of the very queryset the export runs, with the geometry column as is."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
OGR2OGR = "/usr/bin/ogr2ogr"
# (our format, ogr2ogr driver, ogr2ogr output name)
FORMATS = [
    ("shp", "ESRI Shapefile", "households.shp.zip"),
    ("gpkg", "GPKG", "households.gpkg"),
]
MEMORY_FORMATS = ("shp", "gpkg", "csv")
MEMORY_LIMIT_MB = 500

BOUNDARIES = """
INSERT INTO spatial_kecamatan (name, code, slug, geom)
VALUES ('Metro Bench', '99.01', 'metro-bench', ST_Multi(ST_Transform(
  ST_MakeEnvelope(530000, 9430000, 534000, 9434000, 32748), 4326)));
INSERT INTO spatial_kelurahan (name, code, slug, geom, kecamatan_id)
SELECT 'Hadimulyo Bench ' || k, '99.01.' || (1000 + k), 'bench-' || k,
  ST_Multi(ST_Transform(ST_MakeEnvelope(
    530000 + (k % 2) * 2000, 9430000 + (k / 2) * 2000,
    532000 + (k % 2) * 2000, 9432000 + (k / 2) * 2000, 32748), 4326)),
  (SELECT id FROM spatial_kecamatan)
FROM generate_series(0, 3) k;
INSERT INTO spatial_rw (name, code, slug, geom, number, kelurahan_id)
SELECT 'RW 001', code || '.001', 'rw-001', geom, 1, id FROM spatial_kelurahan;
INSERT INTO spatial_rt (name, code, slug, geom, number, rw_id)
SELECT 'RT ' || lpad((r + 1)::text, 3, '0'),
  rw.code || '.' || lpad((r + 1)::text, 3, '0'),
  'rt-' || lpad((r + 1)::text, 3, '0'),
  ST_Multi(ST_Transform(ST_MakeEnvelope(
    ST_XMin(b) + (r % 2) * 1000, ST_YMin(b) + (r / 2) * 1000,
    ST_XMin(b) + (r % 2) * 1000 + 1000, ST_YMin(b) + (r / 2) * 1000 + 1000,
    32748), 4326)),
  r + 1, rw.id
FROM spatial_rw rw, generate_series(0, 3) r,
  LATERAL (SELECT ST_Transform(rw.geom, 32748)::box2d AS b) e;
"""
HOUSEHOLDS = """
WITH rts AS (
  SELECT rt.id, rw.kelurahan_id, rt.number AS rt_no, rw.number AS rw_no,
    ST_Transform(rt.geom, 32748)::box2d AS b,
    row_number() OVER (ORDER BY rt.code) - 1 AS n
  FROM spatial_rt rt JOIN spatial_rw rw ON rw.id = rt.rw_id
), total AS (SELECT count(*) AS c FROM rts)
INSERT INTO households_household (
  geom, reported_rt, reported_rw, rt_mismatch, external_id, head_name, kk_numbers,
  members, dasawisma, address, waste_sorted, waste_disposal, latrine, septic_tank,
  last_desludged, survey_date, gps_accuracy_m, gps_source, created_at, updated_at,
  kelurahan_id, rt_id, captured_at, device, elevation_m)
SELECT
  ST_Transform(ST_SetSRID(ST_MakePoint(
    ST_XMin(r.b) + 5 + ((i * 7919) % 990) + (i % 1000) / 1000.0,
    ST_YMin(r.b) + 5 + ((i * 104729) % 990) + (i % 997) / 997.0), 32748), 4326),
  r.rt_no, r.rw_no, false, 'bench-' || i,
  (ARRAY['Ni Ketut Ayu Sriwahyuni Ñoman', 'Siti Aminah', 'Budi Santoso',
         'José Évora Saputra'])[1 + i % 4] || ' ' || i,
  ARRAY['1872' || lpad(i::text, 12, '0')],
  1 + i % 7, 'Dasawisma Melati ' || (i % 20), 'Jl. Mawar No. ' || (i % 200),
  CASE WHEN i % 10 = 0 THEN NULL ELSE i % 3 = 0 END,
  (ARRAY['collected', 'bank_sampah', 'composted', 'burned', 'buried',
         'dumped_land', 'dumped_river', ''])[1 + i % 8],
  (ARRAY['own', 'shared', 'none', ''])[1 + i % 4],
  CASE WHEN i % 4 = 0 THEN true END,
  CASE WHEN i % 4 = 0 THEN date '2021-01-01' + (i % 700)::int END,
  date '2022-01-01' + (i % 365)::int,
  3 + (i % 120) / 10.0, 'phone', now(), now(),
  r.kelurahan_id, r.id,
  timestamptz '2022-01-01 08:00+07' + (i % 100000) * interval '1 minute',
  'Android 13', 40 + (i % 20)
FROM generate_series({first}::bigint, {last}) i
JOIN rts r ON r.n = i % (SELECT c FROM total);
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "OUT"))
    args = parser.parse_args()
    if args.child:
        return child_export(*args.child)
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    scratch = Scratch(base)
    scratch.create()
    try:
        scratch.add_households(1, args.rows)
        timings = time_formats(scratch, args.repeat)
        scratch.add_households(args.rows + 1, args.memory_rows)
        memory = peak_memory(scratch)
    finally:
        scratch.drop()
    report(args, timings, memory)
    return 0


class Scratch:
    """A database of our own, so the benchmark neither sees nor touches data."""

    def __init__(self, url):
        import dj_database_url

        self.base = dj_database_url.parse(url)
        self.name = f"{self.base['NAME']}_bench_export"
        self.url = url.rsplit("/", 1)[0] + "/" + self.name

    def connect(self, name):
        import psycopg2

        return psycopg2.connect(
            host=self.base["HOST"],
            port=self.base["PORT"] or 5432,
            user=self.base["USER"],
            password=self.base["PASSWORD"],
            dbname=name,
        )

    def create(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._admin(f'CREATE DATABASE "{self.name}"')
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
        )
        self._execute(BOUNDARIES)

    def add_households(self, first, last):
        started = time.perf_counter()
        self._execute(HOUSEHOLDS.format(first=int(first), last=int(last)))
        self._execute("VACUUM ANALYZE households_household", autocommit=True)
        took = time.perf_counter() - started
        print(f"inserted households {first:,}–{last:,} in {took:.1f} s", flush=True)

    def drop(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def env(self):
        return {**os.environ, "DATABASE_URL": self.url, "PGPASSWORD": self.password}

    @property
    def password(self):
        return self.base["PASSWORD"] or ""

    @property
    def ogr_source(self):
        # The password travels in PGPASSWORD, not on the command line.
        host, port = self.base["HOST"], self.base["PORT"] or 5432
        return f"PG:host={host} port={port} dbname={self.name} user={self.base['USER']}"

    def _admin(self, sql):
        self._execute(sql, database="postgres", autocommit=True)

    def _execute(self, sql, *, database=None, autocommit=False):
        conn = self.connect(database or self.name)
        conn.autocommit = autocommit
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
            conn.commit()
        finally:
            conn.close()


def time_formats(scratch, repeat):
    sql = export_sql(scratch)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for fmt, driver, name in FORMATS:
            ours, processes, gdal = [], [], []
            for i in range(repeat):
                result = run_child(scratch, fmt, Path(tmp) / f"ours-{i}-{name}")
                ours.append(result["seconds"])
                processes.append(result["process_seconds"])
                target = Path(tmp) / f"ogr-{i}-{name}"
                gdal.append(run_ogr2ogr(scratch, sql, driver, target))
            results[fmt] = [statistics.median(t) for t in (ours, processes, gdal)]
            print(f"{fmt}: ours {ours}, ogr2ogr {gdal}", flush=True)
    return results


def peak_memory(scratch):
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for fmt in MEMORY_FORMATS:
            result = run_child(scratch, fmt, Path(tmp) / f"memory.{fmt}")
            peaks[fmt] = result
            print(
                f"{fmt}, {result['features']:,} households: "
                f"{result['seconds']:.1f} s, peak RSS {result['peak_mb']:.0f} MB",
                flush=True,
            )
    return peaks


def run_child(scratch, fmt, out):
    """One export in a fresh process; its own peak RSS from os.wait4."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", fmt, str(out)],
        cwd=ROOT,
        env=scratch.env(),
        stdout=subprocess.PIPE,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"export to {fmt} failed ({child.returncode})")
    result = json.loads(output)
    result["process_seconds"] = time.perf_counter() - started
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return result


def run_ogr2ogr(scratch, sql, driver, target):
    command = [OGR2OGR, "-f", driver, str(target), scratch.ogr_source, "-sql", sql]
    command += ["-nln", "households"]
    if driver == "ESRI Shapefile":
        command += ["-lco", "ENCODING=UTF-8"]
    started = time.perf_counter()
    subprocess.run(command, env=scratch.env(), check=True, capture_output=True)
    return time.perf_counter() - started


def export_sql(scratch):
    """The SELECT that ``layer_export`` runs for a planner, with the geometry
    column itself instead of WKB, as literal SQL for ogr2ogr."""
    setup_django(scratch.url)
    from django.db import connection

    from households.models import Household
    from spatial import layers, permissions
    from spatial.models import Role

    planner = permissions.stand_in(Role.PLANNER)
    hidden = permissions.hidden_in_export(planner, Household)
    attributes = [
        a for a in layers.get("households").export.attributes if a.name not in hidden
    ]
    rows = permissions.visible(planner, Household.objects.all()).values_list(
        "geom", *(a.expression for a in attributes)
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        literal = cursor.mogrify(sql, params).decode()
    connection.close()
    return literal


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()


def child_export(fmt, out):
    setup_django(os.environ["DATABASE_URL"])
    from exports.services import layer_export
    from spatial.models import Role
    from spatial.permissions import stand_in

    started = time.perf_counter()
    export = layer_export(
        user=stand_in(Role.PLANNER), layer="households", format=fmt, out=out
    )
    seconds = time.perf_counter() - started
    features = export.features["households"]
    print(json.dumps({"seconds": seconds, "features": features}))
    return 0


def report(args, timings, memory):
    print()
    print(f"households: {args.rows:,}, median of {args.repeat} runs each")
    print(
        "| format | layer_export (s) | ogr2ogr (s) | ratio "
        "| with Django start-up (s) | ratio |"
    )
    print("|---|---|---|---|---|---|")
    for fmt, (ours, process, gdal) in timings.items():
        print(
            f"| {fmt} | {ours:.2f} | {gdal:.2f} | {ours / gdal:.2f} "
            f"| {process:.2f} | {process / gdal:.2f} |"
        )
    print()
    print(f"peak resident memory, {args.memory_rows:,} households:")
    print("| format | seconds | peak RSS (MB) |")
    print("|---|---|---|")
    for fmt, result in memory.items():
        print(f"| {fmt} | {result['seconds']:.1f} | {result['peak_mb']:.0f} |")
    over = [f for f, r in memory.items() if r["peak_mb"] > MEMORY_LIMIT_MB]
    if over:
        raise SystemExit(f"peak memory above {MEMORY_LIMIT_MB} MB: {', '.join(over)}")


if __name__ == "__main__":
    sys.exit(main())
