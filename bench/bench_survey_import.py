"""How long the survey import takes for a 100,000-row household CSV, against
ogr2ogr loading the same file into a plain PostGIS table, in the same run.

Target (issue 4): at most 1.5 × ogr2ogr's time, with peak memory under 500 MB.

    .venv/bin/python bench/bench_survey_import.py [--rows 100000] [--runs 3]

Builds a scratch database (wakuncar_bench_survey) from the demo city, writes a
CSV of households at random points in Rejomulyo's RTs (as our export or a
KoboToolbox sheet would carry them), then alternates: ogr2ogr -f PostgreSQL
into bench_plain, and our import (validation, RT assignment, duplicate checks,
the insert into households) in a fresh process, whose peak memory is its own
rusage from wait4(). After each import, the rows it wrote are deleted and
inserted again by one INSERT … SELECT in a transaction that is rolled back:
the least any import into households_household (its indexes and foreign keys)
can take.
The imported rows are deleted between runs.
"""

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DB = "wakuncar_bench_survey"
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
HEADER = [
    "latitude",
    "longitude",
    "head_name",
    "kk_numbers",
    "members",
    "dasawisma",
    "address",
    "waste_sorted",
    "waste_disposal",
    "latrine",
    "septic_tank",
    "survey_date",
    "gps_accuracy_m",
    "elevation_m",
    "captured_at",
    "device",
]
POINTS_IN_RTS = """
SELECT ST_Y(p.geom), ST_X(p.geom)
FROM ST_Dump(ST_GeneratePoints(
    (SELECT ST_Union(ST_Buffer(rt.geom::geography, -3)::geometry)
     FROM spatial_rt rt JOIN spatial_rw w ON w.id = rt.rw_id
     JOIN spatial_kelurahan k ON k.id = w.kelurahan_id WHERE k.slug = 'rejomulyo'),
    %s, 1872)) p
"""


def bench_env():
    url = urlparse(BASE_URL)
    return {**os.environ, "DATABASE_URL": url._replace(path=f"/{DB}").geturl()}


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


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(env):
    admin = connect(env, "postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB}")
        cur.execute(f"CREATE DATABASE {DB} TEMPLATE template1")
    admin.close()
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")


def write_households(env, path, rows):
    """A household CSV like our export: one row per point, every field filled."""
    conn = connect(env)
    with conn, conn.cursor() as cur:
        cur.execute(POINTS_IN_RTS, [rows])
        points = cur.fetchall()
    conn.close()
    rng = random.Random(1872)
    disposals = ["collected", "bank_sampah", "composted", "burned", "buried"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for n, (lat, lon) in enumerate(points, start=1):
            out.writerow(
                [
                    f"{lat:.7f}",
                    f"{lon:.7f}",
                    f"Kepala Keluarga {n}",
                    f"1872{n:012d}",
                    rng.randint(1, 8),
                    f"Dasawisma {rng.choice('ABCDEFGH')}",
                    f"Jl. Mawar No. {n % 150 + 1}",
                    rng.choice(["ya", "tidak", ""]),
                    rng.choice(disposals),
                    rng.choice(["own", "shared", "none"]),
                    rng.choice(["ya", "tidak"]),
                    f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    round(rng.uniform(2, 19), 1),
                    round(rng.uniform(25, 60), 1),
                    f"2022-03-01T08:{n % 60:02d}:00+07:00",
                    "Samsung Galaxy A12",
                ]
            )
    return len(points)


def ogr2ogr(env, path):
    url = urlparse(env["DATABASE_URL"])
    target = (
        f"PG:host={url.hostname} port={url.port or 5432} dbname={DB} "
        f"user={url.username} password={url.password}"
    )
    started = time.perf_counter()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            target,
            str(path),
            "-oo",
            "X_POSSIBLE_NAMES=longitude",
            "-oo",
            "Y_POSSIBLE_NAMES=latitude",
            "-a_srs",
            "EPSG:4326",
            "-nln",
            "bench_plain",
            "-overwrite",
        ],
        check=True,
    )
    return time.perf_counter() - started


def ours(env, path):
    """Our import in a fresh process: its own timing of the service call, the
    process's wall time and its peak RSS in MB. wait4() gives that child's own
    rusage; getrusage(RUSAGE_CHILDREN) would also count migrate and load_demo,
    run earlier by this process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"the import failed (exit {proc.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    return result, wall, usage.ru_maxrss / 1024


def write_floor(env):
    """How long households_household alone takes to store the rows the import
    just wrote: they are set aside, deleted and vacuumed away, then inserted
    again by one INSERT … SELECT with their foreign keys checked, in a
    transaction rolled back. No parsing, no checks, no RT search: what any
    import into this table (its indexes and foreign keys) pays at least."""
    conn = connect(env)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE floor_rows AS SELECT * FROM households_household "
            "WHERE survey_import_id IS NOT NULL"
        )
        cur.execute(
            "DELETE FROM households_household WHERE survey_import_id IS NOT NULL"
        )
        cur.execute("VACUUM households_household")
        conn.autocommit = False
        started = time.perf_counter()
        cur.execute("INSERT INTO households_household SELECT * FROM floor_rows")
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
    conn.rollback()
    conn.close()
    return seconds


def reset(env):
    conn = connect(env)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "DELETE FROM households_household WHERE survey_import_id IS NOT NULL"
        )
        cur.execute("DELETE FROM spatial_surveyimport")
        cur.execute("VACUUM ANALYZE households_household")
    conn.close()


def child(path):
    """Runs inside the measured process: the service as the command calls it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()
    from django.core.files import File

    from spatial.models import Kelurahan
    from surveys.services import survey_import, survey_upload

    kelurahan = Kelurahan.objects.get(slug="rejomulyo")
    started = time.perf_counter()
    with open(path, "rb") as f:
        record = survey_upload(
            file=File(f, name=Path(path).name),
            filename=Path(path).name,
            layer="households",
            kelurahan=kelurahan,
            user=None,
        )
    record = survey_import(survey_import=record, user=None)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "created": record.created,
                "rejected": record.rejected,
                "status": record.status,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    env = bench_env()
    print(f"preparing {DB} (migrate, load_demo) …", flush=True)
    prepare(env)
    with tempfile.TemporaryDirectory(prefix="bench-survey-") as tmp:
        path = Path(tmp) / "households.csv"
        rows = write_households(env, path, args.rows)
        size_mb = path.stat().st_size / 1048576
        print(f"{rows:,} households, {size_mb:.1f} MB CSV", flush=True)
        plain, floor, service, whole, peaks = [], [], [], [], []
        for run in range(args.runs + 1):  # the first pair warms caches
            reset(env)
            result, wall, peak_mb = ours(env, path)
            if result["status"] != "committed" or result["created"] != rows:
                sys.exit(f"the import did not write every row: {result}")
            least = write_floor(env)
            seconds = ogr2ogr(env, path)
            peaks.append(peak_mb)
            if run:
                plain.append(seconds)
                floor.append(least)
                service.append(result["seconds"])
                whole.append(wall)
    ogr = statistics.median(plain)
    ours_s, ours_wall = statistics.median(service), statistics.median(whole)
    print(f"ogr2ogr -f PostgreSQL:          {ogr:.2f} s (median of {args.runs})")
    least = statistics.median(floor)
    print(f"the same rows written again:    {least:.2f} s  ratio {least / ogr:.2f}")
    print(f"survey import (service):        {ours_s:.2f} s  ratio {ours_s / ogr:.2f}")
    ratio = ours_wall / ogr
    print(f"survey import (process):        {ours_wall:.2f} s  ratio {ratio:.2f}")
    print(f"peak RSS of the import process: {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
