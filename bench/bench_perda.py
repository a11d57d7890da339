"""How long the Perda early warning takes for the whole city, against the same
aggregates as one hand-tuned SQL statement, and how soon a kelurahan's
dashboard is ready in headless chromium.

Targets (issue 11): with 1,000,000 households, 20,000 idle plots and 10,000
waste points over 400 RTs, every RT's indicators and levels for the whole city
within 1.5x the one-statement SQL run directly (psycopg2, same run, same
database); the distance search uses the KNN index (EXPLAIN); a kelurahan's
dashboard ready in under 2 s (DEBUG=0).

    .venv/bin/python bench/bench_perda.py [--runs 3] [--households 1000000]

Builds a scratch database (wakuncar_perda_bench) with set-based SQL: 20
kelurahan of 5 RW of 4 RT (400 RTs of 400 m x 400 m, 64 km2), households,
plots and waste points at random inside the RTs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import serving  # noqa: E402 - bench/serving.py, beside this script

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DB = "wakuncar_perda_bench"
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
PASSWORD = "bench-perda-password"  # noqa: S105 - a throwaway scratch database
SIDE_M = 400  # an RT is a 400 m square; 20 x 20 of them
X0, Y0 = 529_000, 9_430_000  # UTM 48S, Kota Metro

# Kecamatan 1 → kelurahan k (0–19) covers columns 4*(k%5)… and rows 5*(k//5)…
# (4 x 5 RTs); its RW r (0–4) is row r of those; each RW holds 4 RTs.
BOUNDARIES = f"""
INSERT INTO spatial_kecamatan (name, code, slug, geom)
SELECT 'Bench', '18.72.99', 'bench', ST_Multi(ST_Transform(ST_MakeEnvelope(
    {X0}, {Y0}, {X0} + 20 * {SIDE_M}, {Y0} + 20 * {SIDE_M}, 32748), 4326));

INSERT INTO spatial_kelurahan (name, code, slug, geom, kecamatan_id)
SELECT 'Kelurahan ' || k, '18.72.99.' || (1000 + k), 'bench-' || k,
       ST_Multi(ST_Transform(ST_MakeEnvelope(
           {X0} + (k % 5) * 4 * {SIDE_M}, {Y0} + (k / 5) * 5 * {SIDE_M},
           {X0} + (k % 5 + 1) * 4 * {SIDE_M}, {Y0} + (k / 5 + 1) * 5 * {SIDE_M},
           32748), 4326)),
       (SELECT id FROM spatial_kecamatan WHERE code = '18.72.99')
FROM generate_series(0, 19) k;

INSERT INTO spatial_rw (name, code, slug, geom, kelurahan_id, number)
SELECT 'RW ' || lpad((r + 1)::text, 3, '0'),
       kel.code || '.' || lpad((r + 1)::text, 3, '0'),
       'rw-' || lpad((r + 1)::text, 3, '0'),
       ST_Multi(ST_Transform(ST_MakeEnvelope(
           {X0} + (k % 5) * 4 * {SIDE_M}, {Y0} + ((k / 5) * 5 + r) * {SIDE_M},
           {X0} + (k % 5 + 1) * 4 * {SIDE_M}, {Y0} + ((k / 5) * 5 + r + 1) * {SIDE_M},
           32748), 4326)),
       kel.id, r + 1
FROM generate_series(0, 19) k
JOIN spatial_kelurahan kel ON kel.code = '18.72.99.' || (1000 + k)
CROSS JOIN generate_series(0, 4) r;

INSERT INTO spatial_rt (name, code, slug, geom, rw_id, number)
SELECT 'RT ' || lpad((t + 1)::text, 3, '0'),
       rw.code || '.' || lpad((t + 1)::text, 3, '0'),
       'rt-' || lpad((t + 1)::text, 3, '0'),
       ST_Multi(ST_Transform(ST_MakeEnvelope(
           {X0} + ((k % 5) * 4 + t) * {SIDE_M}, {Y0} + ((k / 5) * 5 + r) * {SIDE_M},
           {X0} + ((k % 5) * 4 + t + 1) * {SIDE_M},
           {Y0} + ((k / 5) * 5 + r + 1) * {SIDE_M}, 32748), 4326)),
       rw.id, t + 1
FROM generate_series(0, 19) k
CROSS JOIN generate_series(0, 4) r
JOIN spatial_rw rw
  ON rw.code = '18.72.99.' || (1000 + k) || '.' || lpad((r + 1)::text, 3, '0')
CROSS JOIN generate_series(0, 3) t;
"""

# Each RT's square in UTM, for placing records inside it.
RT_BOXES = """
CREATE TEMP TABLE rt_box AS
SELECT rt.id AS rt_id, rw.kelurahan_id, row_number() OVER (ORDER BY rt.id) AS n,
       ST_XMin(u) AS x, ST_YMin(u) AS y
FROM spatial_rt rt JOIN spatial_rw rw ON rw.id = rt.rw_id,
     LATERAL ST_Transform(rt.geom, 32748) u;
"""

HOUSEHOLDS = f"""
INSERT INTO households_household
    (geom, kelurahan_id, rt_id, rt_mismatch, external_id, head_name, kk_numbers,
     members, dasawisma, address, waste_sorted, waste_disposal, latrine,
     septic_tank, last_desludged, survey_date, gps_source, device,
     created_at, updated_at)
SELECT ST_Transform(ST_SetSRID(ST_MakePoint(
           b.x + 2 + random() * ({SIDE_M} - 4), b.y + 2 + random() * ({SIDE_M} - 4)),
           32748), 4326),
       b.kelurahan_id, b.rt_id, false, 'bench-' || g, 'Kepala Keluarga ' || g,
       ARRAY['1872' || lpad(g::text, 12, '0')], 4, '', 'Jl. Bench ' || g,
       random() < 0.3 + 0.5 * mod(b.n, 3) / 2.0,
       (ARRAY['collected', 'bank_sampah', 'composted', 'burned', 'buried',
              'dumped_land', 'dumped_river', ''])[1 + floor(random() * 8)::int],
       (ARRAY['own', 'own', 'own', 'shared', 'none', ''])[1 + floor(random() * 6)::int],
       random() < 0.8,
       CASE WHEN random() < 0.4 THEN current_date - (random() * 2500)::int END,
       current_date - (random() * 700)::int,
       'phone', '', now(), now()
FROM generate_series(1, %(n)s) g
JOIN rt_box b ON b.n = 1 + mod(g, 400);
UPDATE households_household SET septic_tank = NULL
WHERE latrine IN ('none', '') AND septic_tank IS NOT NULL;
UPDATE households_household SET last_desludged = NULL
WHERE septic_tank IS NOT TRUE AND last_desludged IS NOT NULL;
"""

PLOTS = f"""
INSERT INTO landuse_idleplot
    (geom, kelurahan_id, rt_id, status, condition, ownership, owner_name,
     proposed_use, notes, external_id, created_at, updated_at, version)
SELECT ST_Multi(ST_Transform(ST_MakeEnvelope(px, py, px + 10 + s, py + 10 + s, 32748),
                             4326)),
       b.kelurahan_id, b.rt_id,
       (ARRAY['reported', 'verified', 'planned', 'in_use', 'rejected'])
           [1 + floor(random() * 5)::int],
       'vacant_lot', 'unknown', '', '', '', 'bench-plot-' || g,
       now() - (random() * 200 || ' days')::interval, now(), 1
FROM generate_series(1, %(n)s) g
JOIN rt_box b ON b.n = 1 + mod(g, 400),
     LATERAL (SELECT random() * 40 + 0 * g AS s) size,
     LATERAL (SELECT b.x + 5 + random() * ({SIDE_M} - 70) AS px,
                     b.y + 5 + random() * ({SIDE_M} - 70) AS py) corner;
"""

WASTE = f"""
INSERT INTO waste_wastepoint
    (geom, kelurahan_id, rt_id, name, kind, status, operator, collection_schedule,
     notes, external_id, device, created_at, updated_at, version, reported_on,
     cleared_on)
SELECT ST_Transform(ST_SetSRID(ST_MakePoint(
           b.x + 2 + random() * ({SIDE_M} - 4), b.y + 2 + random() * ({SIDE_M} - 4)),
           32748), 4326),
       b.kelurahan_id, b.rt_id, 'Bench ' || g, k.kind,
       CASE WHEN k.kind IN ('illegal_dumping', 'open_burning')
            THEN (ARRAY['reported', 'verified', 'cleared'])
                 [1 + floor(random() * 3)::int]
            ELSE CASE WHEN random() < 0.9 THEN 'active' ELSE 'inactive' END END,
       '', '', '', 'bench-waste-' || g, '', now(), now(), 1,
       current_date - (random() * 120)::int, NULL
FROM generate_series(1, %(n)s) g
JOIN rt_box b ON b.n = 1 + mod(g, 400),
     LATERAL (SELECT (ARRAY['tps', 'tps', 'tps3r', 'tpst', 'bank_sampah',
                            'bank_sampah', 'composting', 'illegal_dumping',
                            'illegal_dumping', 'open_burning', 'other'])
                     [1 + floor(random() * 11)::int] AS kind
              WHERE g > 0) k;
UPDATE waste_wastepoint SET cleared_on = LEAST(reported_on + 10, current_date)
WHERE status = 'cleared';
"""

# The same per-RT figures as perda.indicators, written by hand as one
# statement: one CTE per source table, grouped by RT only, joined once.
HAND_TUNED = """
WITH h AS (
    SELECT rt_id,
        count(*) AS households,
        count(*) FILTER (WHERE survey_date IS NOT NULL) AS surveyed,
        count(*) FILTER (WHERE survey_date > %(recent_from)s) AS recent,
        count(*) FILTER (WHERE waste_sorted) AS sorting,
        count(*) FILTER (WHERE waste_sorted IS NOT NULL) AS sorting_answered,
        count(*) FILTER (WHERE waste_disposal = 'burned') AS burning,
        count(*) FILTER (WHERE waste_disposal <> '') AS disposal_answered,
        count(*) FILTER (WHERE waste_disposal = 'collected') AS d_collected,
        count(*) FILTER (WHERE waste_disposal = 'bank_sampah') AS d_bank,
        count(*) FILTER (WHERE waste_disposal = 'composted') AS d_composted,
        count(*) FILTER (WHERE waste_disposal = 'buried') AS d_buried,
        count(*) FILTER (WHERE waste_disposal = 'dumped_land') AS d_land,
        count(*) FILTER (WHERE waste_disposal = 'dumped_river') AS d_river,
        count(*) FILTER (WHERE latrine IN ('own', 'shared')) AS with_latrine,
        count(*) FILTER (WHERE latrine IN ('own', 'shared') AND septic_tank IS FALSE)
            AS no_septic,
        count(*) FILTER (WHERE latrine IN ('own', 'shared')
                         AND septic_tank IS NOT NULL) AS septic_answered,
        count(*) FILTER (WHERE septic_tank) AS with_tank,
        count(*) FILTER (WHERE septic_tank AND (last_desludged IS NULL
                         OR last_desludged < %(desludge_before)s)) AS overdue
    FROM households_household
    WHERE survey_date IS NULL OR survey_date <= %(as_of)s
    GROUP BY rt_id
{distance}), p AS (
    SELECT rt_id, count(*) FILTER (WHERE status <> 'rejected') AS plots,
        count(*) FILTER (WHERE status = 'reported') AS reported,
        count(*) FILTER (WHERE status = 'verified') AS verified,
        count(*) FILTER (WHERE status = 'planned') AS planned,
        count(*) FILTER (WHERE status = 'in_use') AS in_use,
        count(*) FILTER (WHERE status = 'rejected') AS rejected,
        sum(area_m2) FILTER (WHERE status IN ('reported', 'verified', 'planned'))
            AS idle_m2,
        count(*) FILTER (WHERE status = 'reported'
            AND %(as_of)s - (created_at AT TIME ZONE 'Asia/Jakarta')::date
                > %(unverified_days)s) AS unverified,
        max(%(as_of)s - (created_at AT TIME ZONE 'Asia/Jakarta')::date)
            FILTER (WHERE status = 'reported') AS oldest_unverified
    FROM landuse_idleplot
    GROUP BY rt_id
), w AS (
    SELECT rt_id,
        count(*) FILTER (WHERE open) AS open,
        max(%(as_of)s - reported_on) FILTER (WHERE open) AS oldest_open,
        count(*) FILTER (WHERE open AND %(as_of)s - reported_on > %(red_days)s)
            AS open_long,
        count(*) FILTER (WHERE cleared_on <= %(as_of)s) AS cleared,
        count(*) FILTER (WHERE kind IN ('tps', 'tps3r', 'tpst', 'bank_sampah')
                         AND status = 'active') AS facilities
    FROM (
        SELECT rt_id, kind, status, reported_on, cleared_on,
               kind IN ('illegal_dumping', 'open_burning')
               AND reported_on <= %(as_of)s
               AND (cleared_on IS NULL OR cleared_on > %(as_of)s)
               AND status <> 'cleared' AS open
        FROM waste_wastepoint
    ) spots
    GROUP BY rt_id
)
SELECT rt.id, h.*, d.*, p.*, w.*, 100 * p.idle_m2 / rt.area_m2 AS idle_pct
FROM spatial_rt rt
LEFT JOIN h ON h.rt_id = rt.id
LEFT JOIN d ON d.rt_id = rt.id
LEFT JOIN p ON p.rt_id = rt.id
LEFT JOIN w ON w.rt_id = rt.id
"""
# The distance CTE: from scratch (a KNN probe per household), or reading
# the distances perda.nearest keeps, as the app does once they are kept.
DISTANCE_KNN = """), d AS (
    SELECT h.rt_id, count(n.metres) AS measured,
        count(*) FILTER (WHERE n.metres IS NULL OR n.metres > %(far_m)s) AS far,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY n.metres) AS median_m,
        max(n.metres) AS max_m
    FROM households_household h
    LEFT JOIN LATERAL (
        SELECT ST_Distance(w.geom::geography, h.geom::geography) AS metres
        FROM waste_wastepoint w
        WHERE w.kind IN ('tps', 'tps3r', 'tpst', 'bank_sampah') AND w.status = 'active'
        ORDER BY w.geom::geography <-> h.geom::geography
        LIMIT 1
    ) n ON true
    WHERE h.survey_date IS NULL OR h.survey_date <= %(as_of)s
    GROUP BY h.rt_id
"""
DISTANCE_KEPT = """), d AS (
    SELECT h.rt_id, count(n.metres) AS measured,
        count(*) FILTER (WHERE n.metres IS NULL OR n.metres > %(far_m)s) AS far,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY n.metres) AS median_m,
        max(n.metres) AS max_m
    FROM households_household h
    LEFT JOIN perda_nearestfacility n ON n.household_id = h.id
    WHERE h.survey_date IS NULL OR h.survey_date <= %(as_of)s
    GROUP BY h.rt_id
"""


def bench_env():
    url = urlparse(BASE_URL)
    return serving.browser_env(url._replace(path=f"/{DB}").geturl())


def connect(env, dbname=None):
    import psycopg2

    url = urlparse(env["DATABASE_URL"])
    return psycopg2.connect(
        dbname=dbname or url.path.lstrip("/"),
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port,
    )


def prepare(env, households, plots, waste):
    admin = connect(env, "postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        cur.execute(f"CREATE DATABASE {DB} TEMPLATE template1")
    admin.close()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    conn = connect(env)
    started = time.monotonic()
    with conn, conn.cursor() as cur:
        cur.execute(BOUNDARIES)
        cur.execute(RT_BOXES)
        cur.execute(HOUSEHOLDS, {"n": households})
        cur.execute(PLOTS, {"n": plots})
        cur.execute(WASTE, {"n": waste})
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        cur.execute(
            "SELECT (SELECT count(*) FROM spatial_rt), "
            "(SELECT count(*) FROM households_household), "
            "(SELECT count(*) FROM landuse_idleplot), "
            "(SELECT count(*) FROM waste_wastepoint), "
            "(SELECT count(*) FROM waste_wastepoint WHERE status = 'active' AND "
            "kind IN ('tps', 'tps3r', 'tpst', 'bank_sampah'))"
        )
        counts = cur.fetchone()
    conn.close()
    return counts, time.monotonic() - started


def setup_django(env):
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()


def forget_distances():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE perda_nearestfacility, perda_facilitystate")


def time_app(runs, *, cold):
    """perda.services.city_status as the dashboard and perda_status call it:
    the kept distances brought up to date (from nothing when ``cold``), four
    set-based passes (RT, kelurahan and city rows), then every RT judged."""
    from perda.services import city_status
    from spatial.models import Role
    from spatial.permissions import stand_in

    user = stand_in(Role.PLANNER)
    times = []
    for _ in range(runs):
        if cold:
            forget_distances()
        started = time.perf_counter()
        status = city_status(user=user)
        times.append(time.perf_counter() - started)
    return times, status


def time_sql(env, runs, *, cold):
    from perda import indicators
    from perda.services import thresholds_in_force, today

    params = indicators.query_params(indicators.Scope(today()), thresholds_in_force())
    sql = HAND_TUNED.replace("{distance}", DISTANCE_KNN if cold else DISTANCE_KEPT)
    conn = connect(env)
    times = []
    with conn.cursor() as cur:
        for _ in range(runs):
            started = time.perf_counter()
            cur.execute(sql, params)
            rows = cur.fetchall()
            times.append(time.perf_counter() - started)
    conn.close()
    return times, len(rows)


def explain():
    from perda import indicators
    from perda.services import today

    return indicators.explain_distance(indicators.Scope(today())).splitlines()


def make_user(env):
    from django.contrib.auth import get_user_model

    from spatial.models import Kelurahan, Profile, Role

    kelurahan = Kelurahan.objects.get(slug="bench-7")
    user, _ = get_user_model().objects.get_or_create(username="lurah-bench")
    user.set_password(PASSWORD)
    user.save()
    Profile.objects.update_or_create(
        user=user, defaults={"role": Role.LURAH, "kelurahan": kelurahan}
    )
    return kelurahan.slug


def time_page(env, slug, runs):
    from playwright.sync_api import sync_playwright

    from tests.live.gunicorn import collect_static, gunicorn

    # Served as `make run` serves it: gunicorn, DEBUG off, collected static
    # (runserver with DEBUG off has no hashed static files to serve).
    collect_static(env)
    port = serving.free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn(env, port=port), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = serving.local_context(
            browser, base, viewport={"width": 1280, "height": 720}
        )
        page = context.new_page()
        serving.log_in(page, base, "lurah-bench", PASSWORD)
        times = serving.ready_times(
            page, f"{base}/perda/{slug}/", "data-perda-ready", runs
        )
        drawn = page.evaluate("() => window.perdaDashboard.rts.getLayers().length")
        rows = page.locator("#rt-table tbody tr").count()
        browser.close()
    return times, drawn, rows


def report(title, sql_times, app_times, rows):
    app, sql = statistics.median(app_times), statistics.median(sql_times)
    print(f"{title}:")
    print(
        f"  hand-tuned single SQL statement ({rows} RT rows), s: "
        f"{[round(t, 2) for t in sql_times]}, median {sql:.2f}"
    )
    print(
        "  city_status (indicators + levels of every RT, kelurahan and the city), "
        f"s: {[round(t, 2) for t in app_times]}, median {app:.2f}"
    )
    print(f"  ratio {app / sql:.2f} (target at most 1.5)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=2)
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--plots", type=int, default=20_000)
    parser.add_argument("--waste", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    env = bench_env()
    counts, built = prepare(env, args.households, args.plots, args.waste)
    print(
        f"scratch database {DB}: {counts[0]} RTs, {counts[1]:,} households, "
        f"{counts[2]:,} idle plots, {counts[3]:,} waste points "
        f"({counts[4]:,} active facilities); built in {built:.0f} s"
    )
    setup_django(env)
    plan = explain()
    knn = [
        line for line in plan if "perda_facility_geog_knn" in line or "Order By" in line
    ]
    print("EXPLAIN of the distance family (the KNN lines):")
    for line in knn:
        print("   ", line.strip())
    if not any("perda_facility_geog_knn" in line for line in plan):
        print("!! the KNN index is not in the plan:\n" + "\n".join(plan))
    # Cold: nothing kept, every household's nearest facility searched (the
    # first page after loading a city, or after a facility moved everywhere).
    if args.cold_runs:
        cold_sql, rows = time_sql(env, args.cold_runs, cold=True)
        cold_app, _status = time_app(args.cold_runs, cold=True)
        report("cold: distances searched from scratch", cold_sql, cold_app, rows)
    # Warm: the distances kept (every later page; a new household costs one
    # KNN probe). The first run after the cold ones is not counted.
    time_app(1, cold=False)
    if args.runs:
        warm_sql, rows = time_sql(env, args.runs + 1, cold=False)
        warm_app, status = time_app(args.runs, cold=False)
        report("warm: distances kept", warm_sql[1:], warm_app, rows)
        print(f"levels of the {rows} RTs: {status.levels}")
    slug = make_user(env)
    page_times, drawn, table_rows = time_page(env, slug, args.runs + 2)
    print(
        f"kelurahan dashboard ({slug}, {drawn} RTs drawn, {table_rows} table rows, "
        f"{counts[1] // 20:,} households) ready after navigation, ms: {page_times}, "
        f"median {statistics.median(page_times):.0f}, worst {max(page_times)} "
        "(target 2000)"
    )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        admin = connect(env, "postgres")
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.close()


if __name__ == "__main__":
    main()
