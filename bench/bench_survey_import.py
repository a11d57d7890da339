"""How long a survey upload of 100,000 households takes, against the least any
write into households_household costs, in the same run.

Targets (issue 12): the page's commit of the checked rows at most 1.2 × the
floor, ``import_survey`` in one go (a fresh process: parse, checks, RT
assignment, write) at most 2.5 × the floor, for the 16-column file of our
export and for a plain 6-column one; peak memory under 500 MB.

    BENCH_DB=wakuncar_bench_survey .venv/bin/python bench/bench_survey_import.py

Options: --rows 100000 --runs 3. Builds a scratch database (``BENCH_DB``,
so that two people can run it at once) from the demo city, writes both CSV
files of households at random points in Rejomulyo's RTs, then per run:
``manage.py import_survey`` of each file in a fresh process (its wall time and
its peak RSS from wait4()); after each, the floor: the rows it wrote deleted
and inserted again by one INSERT … SELECT with their foreign keys checked, in
a transaction rolled back; then the page's two steps in one process, the
preview (a dry run that stages the checked rows) and the commit of those rows,
timed on its own. ogr2ogr loading the 16-column file into a plain table is
printed for scale. Medians of ``--runs``; a first round warms the caches and
is not counted.
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

import serving  # bench/serving.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
# Two people can run it at once: each gives their own scratch database.
DB = os.environ.get("BENCH_DB", "wakuncar_bench_survey")
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
PLAIN_HEADER = [
    "nama",
    "no_kk",
    "jumlah_anggota",
    "pilah_sampah",
    "latitude",
    "longitude",
]
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
    return {
        **os.environ,
        "DATABASE_URL": url._replace(path=f"/{DB}").geturl(),
        "MEDIA_ROOT": serving.scratch_media(),
    }


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


def write_households(env, path, plain_path, rows):
    """A household CSV like our export (every field filled) and a plain one of
    six columns, with the same points."""
    conn = connect(env)
    with conn, conn.cursor() as cur:
        cur.execute(POINTS_IN_RTS, [rows])
        points = cur.fetchall()
    conn.close()
    rng = random.Random(1872)
    disposals = ["collected", "bank_sampah", "composted", "burned", "buried"]
    with (
        open(path, "w", newline="", encoding="utf-8") as f,
        open(plain_path, "w", newline="", encoding="utf-8") as g,
    ):
        out, plain = csv.writer(f), csv.writer(g)
        out.writerow(HEADER)
        plain.writerow(PLAIN_HEADER)
        for n, (lat, lon) in enumerate(points, start=1):
            row = [
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
            out.writerow(row)
            plain.writerow([row[2], row[3], row[4], row[7], row[0], row[1]])
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


def command(env, path):
    """``manage.py import_survey`` in a fresh process: its wall time and its
    peak RSS in MB. wait4() gives that child's own rusage;
    getrusage(RUSAGE_CHILDREN) would also count migrate and load_demo, run
    earlier by this process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "import_survey",
            str(path),
            "--layer",
            "households",
            "--kelurahan",
            "rejomulyo",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"import_survey failed: {output[-500:]}")
    return json.loads(output), wall, usage.ru_maxrss / 1024


def page(env, path):
    """The page's preview and commit, as the views call the service, in one
    process (the server's); each step timed on its own."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit("the page's import failed")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


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
    """Runs inside the measured process: the service as the page calls it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()
    from django.core.files import File

    from spatial.models import Kelurahan
    from surveys.services import survey_import
    from surveys.storage import survey_upload

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
    record = survey_import(survey_import=record, user=None, dry_run=True)
    checked = time.perf_counter()
    record = survey_import(survey_import=record, user=None)
    committed = time.perf_counter()
    print(
        json.dumps(
            {
                "preview": checked - started,
                "commit": committed - checked,
                "created": record.created,
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
        full, plain = Path(tmp) / "households.csv", Path(tmp) / "plain.csv"
        rows = write_households(env, full, plain, args.rows)
        for path in (full, plain):
            size = path.stat().st_size / 1048576
            print(f"{path.name}: {rows:,} households, {size:.1f} MB", flush=True)
        times = {k: [] for k in ("ogr", "floor", "floor6", "cmd", "cmd6", "commit")}
        peaks = []
        for run in range(args.runs + 1):  # the first round warms caches
            measured = {}
            for path, cmd, least in ((full, "cmd", "floor"), (plain, "cmd6", "floor6")):
                reset(env)
                result, wall, peak = command(env, path)
                if result["status"] != "committed" or result["created"] != rows:
                    sys.exit(f"import_survey did not write every row: {result}")
                measured[cmd], measured[least] = wall, write_floor(env)
                peaks.append(peak)
            reset(env)
            result, peak = page(env, full)
            if result["status"] != "committed" or result["created"] != rows:
                sys.exit(f"the page's commit did not write every row: {result}")
            measured["commit"] = result["commit"]
            peaks.append(peak)
            measured["ogr"] = ogr2ogr(env, full)
            print(
                f"  run {run}: "
                + ", ".join(f"{k} {v:.2f}" for k, v in measured.items()),
                flush=True,
            )
            if run:
                for key, value in measured.items():
                    times[key].append(value)
    m = {k: statistics.median(v) for k, v in times.items()}
    print(f"medians of {args.runs} runs, {rows:,} rows:")
    print(f"ogr2ogr -f PostgreSQL (16 columns):   {m['ogr']:.2f} s")
    print(f"floor, 16 columns:                    {m['floor']:.2f} s")
    print(
        f"page commit of the checked rows:      {m['commit']:.2f} s  "
        f"{m['commit'] / m['floor']:.2f} x floor (target 1.2)"
    )
    print(
        f"import_survey, 16 columns:            {m['cmd']:.2f} s  "
        f"{m['cmd'] / m['floor']:.2f} x floor (target 2.5)"
    )
    print(f"floor, 6 columns:                     {m['floor6']:.2f} s")
    print(
        f"import_survey, 6 columns:             {m['cmd6']:.2f} s  "
        f"{m['cmd6'] / m['floor6']:.2f} x floor (target 2.5)"
    )
    print(f"peak RSS of any import process:       {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
