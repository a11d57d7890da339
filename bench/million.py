"""A scratch database with 1,000,000 households for bench_tiles.py and
bench_ogc.py: the demo city (Kota Metro, its 22 kelurahan and RTs) filled to
its real density, about 45,000 households, and the rest spread over 21 other
towns, copies of its boundaries moved across southern Sumatra. Everything is
set-based SQL. Not a benchmark itself (make bench runs bench_*.py only)."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import serving  # bench/serving.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
METRO_HOUSEHOLDS = 45_000
TOTAL_HOUSEHOLDS = 1_000_000
TOWNS = 21  # besides Kota Metro

# Town t sits dx, dy degrees from Kota Metro, on a 7 × 3 grid 0.5° apart.
COPY_BOUNDARIES = """
CREATE TEMP TABLE towns AS
SELECT t, ((t %% 7) - 3) * 0.5 AS dx, (1 + t / 7) * 0.5 AS dy
FROM generate_series(1, %(towns)s) t;
INSERT INTO spatial_kecamatan (name, code, slug, geom)
SELECT k.name || ' ' || t, 'T' || t || '.' || k.code, k.slug || '-t' || t,
  ST_Translate(k.geom, dx, dy)
FROM spatial_kecamatan k, towns WHERE k.code NOT LIKE 'T%%';
INSERT INTO spatial_kelurahan (name, code, slug, geom, kecamatan_id)
SELECT l.name || ' ' || t, 'T' || t || '.' || l.code, l.slug || '-t' || t,
  ST_Translate(l.geom, dx, dy), nk.id
FROM spatial_kelurahan l JOIN spatial_kecamatan k ON k.id = l.kecamatan_id
JOIN towns ON true JOIN spatial_kecamatan nk ON nk.code = 'T' || t || '.' || k.code
WHERE l.code NOT LIKE 'T%%';
INSERT INTO spatial_rw (name, code, slug, geom, number, kelurahan_id)
SELECT w.name, 'T' || t || '.' || w.code, w.slug, ST_Translate(w.geom, dx, dy),
  w.number, nl.id
FROM spatial_rw w JOIN spatial_kelurahan l ON l.id = w.kelurahan_id
JOIN towns ON true JOIN spatial_kelurahan nl ON nl.code = 'T' || t || '.' || l.code
WHERE w.code NOT LIKE 'T%%';
INSERT INTO spatial_rt (name, code, slug, geom, number, rw_id)
SELECT r.name, 'T' || t || '.' || r.code, r.slug, ST_Translate(r.geom, dx, dy),
  r.number, nw.id
FROM spatial_rt r JOIN spatial_rw w ON w.id = r.rw_id
JOIN towns ON true JOIN spatial_rw nw ON nw.code = 'T' || t || '.' || w.code
WHERE r.code NOT LIKE 'T%%';
"""

# Each RT gets households in proportion to its area, placed at random inside it.
ADD_HOUSEHOLDS = """
WITH rts AS (
  SELECT rt.id, rw.kelurahan_id, rt.geom,
    greatest(1, round(%(n)s * rt.area_m2 / sum(rt.area_m2) OVER ()))::int AS n
  FROM spatial_rt rt JOIN spatial_rw rw ON rw.id = rt.rw_id
  WHERE (rt.code LIKE 'T%%') = %(towns)s
)
INSERT INTO households_household (
  geom, rt_mismatch, external_id, head_name, kk_numbers, members, dasawisma,
  address, waste_sorted, waste_disposal, latrine, septic_tank, survey_date,
  gps_source, created_at, updated_at, kelurahan_id, rt_id, device)
SELECT p.geom, false, '', 'Kepala ' || p.path[1], ARRAY['1872000000000000'],
  1 + p.path[1] %% 6, '', 'Jl. Contoh ' || p.path[1], p.path[1] %% 3 = 0,
  (ARRAY['collected','bank_sampah','composted','burned'])[1 + p.path[1] %% 4],
  'own', true, DATE '2025-01-01' + p.path[1] %% 300, 'import', now(), now(),
  rts.kelurahan_id, rts.id, ''
FROM rts, LATERAL ST_Dump(ST_GeneratePoints(rts.geom, rts.n, 42)) p
"""


def scratch_url(suffix):
    base = urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    name = f"{base.path.lstrip('/')}_{suffix}"
    return urlunsplit(base._replace(path=f"/{name}")), name


def pg(url):
    parts = urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
    )


def build(url, name, *, reuse=False):
    """The scratch database at ``url``, made and filled unless ``reuse`` and it
    already holds a million households."""
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    if reuse and _households(url) >= TOTAL_HOUSEHOLDS * 0.99:
        print(f"reusing {name}")
        return
    conn = pg(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    # The demo's raster file goes with the run; the tile and OGC benches that
    # reuse this database never read it.
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": serving.scratch_media()}
    started = time.perf_counter()
    for command in (["migrate", "-v", "0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    conn = pg(url)
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM households_household")
        (demo,) = cursor.fetchone()
        cursor.execute(ADD_HOUSEHOLDS, {"n": METRO_HOUSEHOLDS - demo, "towns": False})
        cursor.execute(COPY_BOUNDARIES, {"towns": TOWNS})
        cursor.execute("SELECT count(*) FROM households_household")
        (metro,) = cursor.fetchone()
        cursor.execute(ADD_HOUSEHOLDS, {"n": TOTAL_HOUSEHOLDS - metro, "towns": True})
    with conn.cursor() as cursor:
        conn.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    conn.close()
    print(
        f"built {name}: {_households(url):,} households "
        f"in {time.perf_counter() - started:.0f} s"
    )


def drop(url, name):
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    conn = pg(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _households(url):
    try:
        conn = pg(url)
    except psycopg2.OperationalError:
        return 0
    with conn, conn.cursor() as cursor:
        try:
            cursor.execute("SELECT count(*) FROM households_household")
            return cursor.fetchone()[0]
        except psycopg2.Error:
            return 0
