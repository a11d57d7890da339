"""How long the lurah's map takes to draw every layer, in headless chromium.

Target (issue 3): with 5,000 households and 300 idle plots in one kelurahan,
every layer is drawn within 1.5 s of navigation on this 2-core machine.

    .venv/bin/python bench/bench_map.py [--runs 7] [--households 5000] [--plots 300]

Builds a scratch database (BENCH_MAP_DB, default wakuncar_bench_map) from the
demo city, tops Rejomulyo up to the target counts with set-based SQL, serves
it as `make run` does (gunicorn, DEBUG=0, collected static files), logs in as
lurah-rejomulyo and times navigation → all layers drawn.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import serving  # noqa: E402 - bench/serving.py, beside this script

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DB = os.environ.get("BENCH_MAP_DB", "wakuncar_bench_map")
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
PASSWORD = "bench-map-password"  # noqa: S105 - a throwaway scratch database

# Random points in Rejomulyo, each with the RT that covers it: the set-based
# point-in-polygon the importer uses too.
TOP_UP_HOUSEHOLDS = """
INSERT INTO households_household
    (geom, kelurahan_id, rt_id, rt_mismatch, external_id, head_name, kk_numbers,
     members, dasawisma, address, waste_disposal, latrine, gps_source, device,
     created_at, updated_at)
SELECT p.geom, k.id, rt.id, false, 'bench-' || p.path[1],
       'Kepala Keluarga ' || p.path[1], ARRAY['1872' || lpad(p.path[1]::text, 12, '0')],
       4, '', 'Jl. Bench', 'collected', 'own', 'phone', '', now(), now()
FROM spatial_kelurahan k
CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(k.geom, %(n)s, 1872)) p
JOIN spatial_rt rt ON ST_Covers(rt.geom, p.geom)
WHERE k.slug = 'rejomulyo'
"""
TOP_UP_PLOTS = """
WITH k AS (SELECT id, geom, ST_Transform(geom, 32748) AS utm
           FROM spatial_kelurahan WHERE slug = 'rejomulyo'),
cells AS (
    SELECT ST_Transform(ST_SetSRID(ST_MakeEnvelope(x, y, x + 30, y + 25), 32748), 4326)
           AS geom
    FROM k,
         generate_series(ST_XMin(k.utm)::int, ST_XMax(k.utm)::int, 70) x,
         generate_series(ST_YMin(k.utm)::int, ST_YMax(k.utm)::int, 70) y)
INSERT INTO landuse_idleplot
    (geom, kelurahan_id, status, condition, ownership, owner_name, proposed_use,
     notes, external_id, created_at, updated_at, version)
SELECT ST_Multi(c.geom), k.id, 'reported', 'vacant_lot', 'unknown', '', '', '',
       'bench-plot', now(), now(), 1
FROM cells c, k
WHERE ST_Within(c.geom, k.geom)
  AND NOT EXISTS (SELECT 1 FROM landuse_idleplot p WHERE ST_Intersects(p.geom, c.geom))
LIMIT %(n)s
"""


def bench_env():
    url = urlparse(BASE_URL)
    return serving.browser_env(
        url._replace(path=f"/{DB}").geturl(), DEMO_PASSWORD=PASSWORD
    )


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env, households, plots):
    import psycopg2

    url = urlparse(env["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres",
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port,
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        cur.execute(f"CREATE DATABASE {DB} TEMPLATE template1")
    admin.close()
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    conn = psycopg2.connect(
        dbname=DB,
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port,
    )
    with conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM households_household h JOIN spatial_kelurahan"
            " k ON k.id = h.kelurahan_id WHERE k.slug = 'rejomulyo'"
        )
        have = cur.fetchone()[0]
        cur.execute(TOP_UP_HOUSEHOLDS, {"n": max(households - have, 0)})
        cur.execute(
            "SELECT count(*) FROM landuse_idleplot p JOIN spatial_kelurahan k "
            "ON k.id = p.kelurahan_id WHERE k.slug = 'rejomulyo'"
        )
        cur.execute(TOP_UP_PLOTS, {"n": max(plots - cur.fetchone()[0], 0)})
        cur.execute(
            "SELECT (SELECT count(*) FROM households_household h JOIN "
            "spatial_kelurahan k ON k.id = h.kelurahan_id WHERE k.slug = "
            "'rejomulyo'), (SELECT count(*) FROM landuse_idleplot p JOIN "
            "spatial_kelurahan k ON k.id = p.kelurahan_id WHERE k.slug = "
            "'rejomulyo')"
        )
        counts = cur.fetchone()
        cur.execute("ANALYZE")
    conn.close()
    return counts


def measure(env, runs):
    """Served as `make run` serves it: gunicorn, DEBUG off, collected static."""
    from playwright.sync_api import sync_playwright

    from tests.live.gunicorn import collect_static, gunicorn

    collect_static(env)
    port = serving.free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(env, port=port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = serving.local_context(
            browser, base, viewport={"width": 1280, "height": 800}
        )
        page = context.new_page()
        serving.log_in(page, base, "lurah-rejomulyo", PASSWORD)
        times = serving.ready_times(page, f"{base}/peta/", "data-map-ready", runs)
        drawn = page.evaluate(
            "() => ({plots: wakuncarEditor.layers.idle_plots.getLayers().length,"
            " households: wakuncarEditor.layers.households.getLayers().length})"
        )
        browser.close()
    return times, drawn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--plots", type=int, default=300)
    args = parser.parse_args()
    env = bench_env()
    households, plots = prepare(env, args.households, args.plots)
    times, drawn = measure(env, args.runs)
    print(
        f"Rejomulyo: {households} households, {plots} idle plots in the database; "
        f"drawn: {drawn['households']} households, {drawn['plots']} plots"
    )
    print(f"navigation → every layer drawn, {len(times)} runs (ms): {times}")
    print(
        f"median {statistics.median(times):.0f} ms, worst {max(times)} ms "
        f"(target 1500 ms)"
    )


if __name__ == "__main__":
    main()
