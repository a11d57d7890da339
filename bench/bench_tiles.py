"""Vector tiles over 1,000,000 households: the endpoint against the same
ST_AsMVT SQL run directly, the largest tile, and throughput under 4 and 16
concurrent clients on loopback.

    .venv/bin/python bench/bench_tiles.py [--reuse] [--keep] [--seconds 10]

Builds ``<db>_bench`` with bench/million.py (--reuse keeps one already built),
serves the app on 127.0.0.1:8390, and for a fixed set of tiles z10–z18 over
Kota Metro times (a) the tile's SQL from tiles.layers.tile_sql run with
psycopg2 under the server's session settings (safeguards.faults), (b) the
endpoint with its cache invalidated (the layer's generation bumped, as an edit
does), (c) the endpoint again (cached) and (d) once more
asking for gzip as browsers do (compressed once, then cached), each round
beside one run of (a). Medians of 5. Then the floor: a trivial Django
endpoint, and bench/bare_app.py (no work at all) under the same gunicorn.
Targets: (b) within 1.3× of (a); largest tile under 500 KB; 0 errors."""

import argparse
import math
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import million  # noqa: E402
import serving  # noqa: E402

PORT = 8390
CENTRE = (105.30, -5.117)
REPEAT = 5
TILES_PER_ZOOM = 6
MAX_TILE_BYTES = 500 * 1024
GZIP = {"Accept-Encoding": "gzip"}


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def fixed_tiles():
    """The centre tile of Kota Metro at each zoom and its nearest neighbours."""
    tiles = []
    for z in range(10, 19):
        cx, cy = tile_of(*CENTRE, z)
        ring = sorted(
            ((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)),
            key=lambda d: (abs(d[0]) + abs(d[1]), d),
        )
        tiles += [(z, cx + dx, cy + dy) for dx, dy in ring[:TILES_PER_ZOOM]]
    return tiles


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")
    import django

    django.setup()


def direct(cursor, sql, params):
    started = time.perf_counter()
    cursor.execute(sql, params)
    body = cursor.fetchone()[0]
    return time.perf_counter() - started, len(bytes(body or b""))


def measure(users, tiles, client_for, bump):
    from django.db import connection

    from safeguards.faults import apply_web_session
    from tiles.layers import LAYERS, tile_sql

    with connection.cursor() as cursor:
        apply_web_session(cursor)  # the server's session settings (JIT off)
    layer = LAYERS["households"]
    rows = []
    for who, user in users.items():
        client = client_for(who)
        for z, x, y in tiles:
            sql, params = tile_sql(user=user, layer=layer, z=z, x=x, y=y)
            path = f"/tiles/households/{z}/{x}/{y}.mvt"
            runs, cold, warm, packed = [], [], [], []
            with connection.cursor() as cursor:
                direct(cursor, sql, params)  # warm the plan and the pages
                # Interleaved, so a change in the machine's load falls on both.
                for _ in range(REPEAT):
                    runs.append(direct(cursor, sql, params))
                    bump()
                    status, body, seconds = client.get(path)
                    assert status == 200, (status, path)
                    cold.append(seconds)
                    warm.append(client.get(path)[2])
                    client.get(path, GZIP)
                    packed.append(client.get(path, GZIP)[2])
            rows.append(
                {
                    "who": who,
                    "z": z,
                    "sql": statistics.median(r[0] for r in runs),
                    "bytes": runs[0][1],
                    "cold": statistics.median(cold),
                    "warm": statistics.median(warm),
                    "gzip": statistics.median(packed),
                    "http_bytes": len(body),
                }
            )
    return rows


def largest_tile(user):
    """The largest households tile at z10–z12 over every town, and at z13–z15
    over the densest part of Kota Metro (where the 64 × 64 cells fill), through
    the same SQL."""
    from django.contrib.gis.db.models import Extent
    from django.db import connection

    from spatial.models import Kelurahan
    from tiles.layers import LAYERS, tile_sql

    w, s, e, n = Kelurahan.objects.aggregate(x=Extent("geom"))["x"]
    largest = (0, None)
    zooms = [(z, w, s, e, n) for z in (10, 11, 12)]
    zooms += [
        (z, CENTRE[0] - 0.03, CENTRE[1] - 0.03, CENTRE[0] + 0.03, CENTRE[1] + 0.03)
        for z in (13, 14, 15)
    ]
    with connection.cursor() as cursor:
        for z, west, south, east, north in zooms:
            x0, y0 = tile_of(west, north, z)
            x1, y1 = tile_of(east, south, z)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    sql, params = tile_sql(
                        user=user, layer=LAYERS["households"], z=z, x=x, y=y
                    )
                    size = direct(cursor, sql, params)[1]
                    largest = max(largest, (size, (z, x, y)))
    return largest


def bare_floor(url):
    """The median answer of bench/bare_app.py (no work at all) under the same
    gunicorn, while the app's server is still up: HTTP and a Python WSGI
    server's own cost. None without gunicorn."""
    if not serving.has_gunicorn():
        return None
    server, _what = serving.start(url, PORT + 1, app="bench.bare_app", ready="/")
    try:
        client = serving.Client(PORT + 1)
        for _ in range(20):
            client.get("/")
        return statistics.median(client.get("/")[2] for _ in range(200))
    finally:
        serving.stop(server)


def throughput(port, token, tiles, clients, seconds):
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def run(offset):
        client = serving.Client(port, token)
        done = errors = 0
        i = offset
        while time.monotonic() < deadline:
            z, x, y = tiles[i % len(tiles)]
            i += 7
            try:
                status, _body, _s = client.get(f"/tiles/households/{z}/{x}/{y}.mvt")
                errors += status != 200
            except Exception:  # noqa: BLE001 - counted, the run goes on
                errors += 1
            done += 1
        with lock:
            results.append((done, errors))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return done / elapsed, done, sum(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    url, name = million.scratch_url("bench")
    million.build(url, name, reuse=args.reuse)
    setup_django(url)
    from django.contrib.auth.models import AnonymousUser, User
    from django.db import connection
    from rest_framework.authtoken.models import Token

    admin = User.objects.get(username="admin")
    token = Token.objects.get_or_create(user=admin)[0].key
    tiles = fixed_tiles()

    def bump():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tiles_generation SET generation = generation + 1 "
                "WHERE source = 'households_household'"
            )

    server, what = serving.start(url, PORT)
    try:
        clients = {"admin": serving.Client(PORT, token), "public": serving.Client(PORT)}
        rows = measure(
            {"admin": admin, "public": AnonymousUser()},
            tiles,
            clients.__getitem__,
            bump,
        )
        floor = {
            "django": statistics.median(
                clients["public"].get("/ogc/conformance")[2] for _ in range(200)
            ),
            "bare": bare_floor(url),
        }
        size, where = largest_tile(admin)
        rates = {n: throughput(PORT, token, tiles, n, args.seconds) for n in (4, 16)}
    finally:
        serving.stop(server)
        if not args.keep:
            million.drop(url, name)
    report(rows, size, where, rates, what, args.seconds, floor)


def report(rows, size, where, rates, what, seconds, floor):
    print(f"served with {what}; {len(rows)} tile timings, medians of {REPEAT}")
    print(
        f"{'who':7} {'z':>3} {'SQL ms':>8} {'endpoint ms':>12} {'cached ms':>10} "
        f"{'gzip ms':>8} {'KB':>7}"
    )
    for who in ("admin", "public"):
        for z in range(10, 19):
            mine = [r for r in rows if r["who"] == who and r["z"] == z]
            print(
                f"{who:7} {z:>3} "
                f"{statistics.median(r['sql'] for r in mine) * 1000:8.2f} "
                f"{statistics.median(r['cold'] for r in mine) * 1000:12.2f} "
                f"{statistics.median(r['warm'] for r in mine) * 1000:10.2f} "
                f"{statistics.median(r['gzip'] for r in mine) * 1000:8.2f} "
                f"{max(r['bytes'] for r in mine) / 1024:7.1f}"
            )
    for who in ("admin", "public", None):
        mine = [r for r in rows if who is None or r["who"] == who]
        sql = statistics.median(r["sql"] for r in mine)
        cold = statistics.median(r["cold"] for r in mine)
        warm = statistics.median(r["warm"] for r in mine)
        packed = statistics.median(r["gzip"] for r in mine)
        weighted = sum(r["cold"] for r in mine) / sum(r["sql"] for r in mine)
        print(
            f"median over the set ({who or 'both'}): SQL {sql * 1000:.2f} ms, "
            f"endpoint {cold * 1000:.2f} ms (ratio {cold / sql:.2f}, target 1.3), "
            f"cached {warm * 1000:.2f} ms (gzip {packed * 1000:.2f} ms); "
            f"summed over the set {weighted:.2f}"
        )
    public_sql = statistics.median(r["sql"] for r in rows if r["who"] == "public")
    bare = floor["bare"]
    print(
        f"floor: 1.3x the public median SQL leaves {0.3 * public_sql * 1000:.2f} ms "
        f"for everything but the SQL; a trivial Django endpoint (/ogc/conformance, "
        f"no query) answers in {floor['django'] * 1000:.2f} ms median"
        + (
            f", a WSGI app doing nothing (bench/bare_app.py) under the same "
            f"gunicorn in {bare * 1000:.2f} ms"
            if bare is not None
            else ""
        )
    )
    print(
        f"largest tile: {size / 1024:.1f} KB at {where} "
        f"({'under' if size < MAX_TILE_BYTES else 'OVER'} 500 KB)"
    )
    for n, (rate, done, errors) in rates.items():
        print(
            f"{n:>2} clients, {seconds:.0f} s: {rate:.0f} tiles/s, {done} requests, "
            f"{errors} errors"
        )


if __name__ == "__main__":
    main()
