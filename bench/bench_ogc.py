"""OGC API – Features items pages of 1,000 households over 1,000,000: the
endpoint against the same query's GeoJSON built directly in SQL.

    .venv/bin/python bench/bench_ogc.py [--reuse] [--keep]

Builds ``<db>_bench`` with bench/million.py (--reuse keeps one already built),
serves the app on 127.0.0.1:8391 and, with a token, reads pages of 1,000
households at fixed places in the table (``after`` cursors) and the first page
(which also counts, up to 10,000): as the city admin, whose pages carry names
and so write a PersonalDataAccess row each, and as a planner, whose do not.
The direct line runs spatial.api.geojson.feature_page_sql, the endpoint's own
statement, with psycopg2, each run beside an endpoint run. Medians of 7.
Target: within 1.5×."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import million  # noqa: E402
import serving  # noqa: E402
from bench_tiles import setup_django  # noqa: E402

PORT = 8391
REPEAT = 7
LIMIT = 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url, name = million.scratch_url("bench")
    million.build(url, name, reuse=args.reuse)
    setup_django(url)
    from django.contrib.auth.models import User
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM households_household")
        low, high = cursor.fetchone()
    cursors = [None] + [low + (high - low) * k // 10 for k in range(10)]
    server, what = serving.start(url, PORT)
    rows = []
    try:
        for who in ("admin", "planner"):
            user = User.objects.get(username=who)
            rows += read_pages(who, user, cursors, connection)
    finally:
        serving.stop(server)
        if not args.keep:
            million.drop(url, name)
    report(rows, what)


def read_pages(who, user, cursors, connection):
    from rest_framework.authtoken.models import Token

    from ogc.collections import collection_for
    from safeguards.faults import apply_web_session
    from spatial.api.geojson import feature_page_sql

    with connection.cursor() as cursor:
        apply_web_session(cursor)  # the server's session settings (JIT off)
    households = collection_for(user, "households")
    client = serving.Client(PORT, Token.objects.get_or_create(user=user)[0].key)
    rows = []
    for after in cursors:
        sql, params = feature_page_sql(
            households.queryset(user),
            households.properties(user),
            limit=LIMIT,
            after=after,
        )
        path = f"/ogc/collections/households/items?limit={LIMIT}"
        if after is not None:
            path += f"&after={after}"
        direct, served = [], []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)  # warm the plan and the pages
            client.get(path)
            # Interleaved, so a change in the machine's load falls on both.
            for _ in range(REPEAT):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchone()
                direct.append(time.perf_counter() - started)
                status, body, seconds = client.get(path)
                assert status == 200, (status, body[:200])
                served.append(seconds)
        rows.append(
            (
                who,
                after,
                statistics.median(direct),
                statistics.median(served),
                len(body),
            )
        )
    return rows


def report(rows, what):
    print(f"served with {what}; pages of {LIMIT} households, medians of {REPEAT}")
    print(
        f"{'who':8} {'after':>9} {'SQL ms':>8} {'endpoint ms':>12} {'ratio':>6} "
        f"{'KB':>6}"
    )
    for who, after, sql_s, served_s, size in rows:
        label = "first" if after is None else str(after)
        print(
            f"{who:8} {label:>9} {sql_s * 1000:8.1f} {served_s * 1000:12.1f} "
            f"{served_s / sql_s:6.2f} {size / 1024:6.0f}"
        )
    for who in ("admin", "planner"):
        mine = [r for r in rows if r[0] == who]
        sql_m = statistics.median(r[2] for r in mine)
        served_m = statistics.median(r[3] for r in mine)
        print(
            f"median ({who}): SQL {sql_m * 1000:.1f} ms, endpoint "
            f"{served_m * 1000:.1f} ms, ratio {served_m / sql_m:.2f} (target 1.5)"
        )


if __name__ == "__main__":
    main()
