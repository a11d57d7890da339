"""The app under load as `make run` serves it: gunicorn (wakuncar/gunicorn.conf.py)
with 4 and then 16 concurrent clients on loopback, each looping over the
lurah's household layer (/api/households/?kelurahan=rejomulyo), the map page
(/peta/) and a CSV export of Rejomulyo's households, for a fixed time.

Target (issue 10): 0 errors at both levels, and the database's connection
count bounded by gunicorn's workers however many clients wait (it was 59 idle
connections and HTTP 500s under runserver). Prints requests/s, p50/p95 per
endpoint and the most connections pg_stat_activity showed during each run.

    .venv/bin/python bench/bench_load.py [--seconds 15] [--clients 4 16]

Builds a scratch database (BENCH_LOAD_DB, default wakuncar_bench_load) with the
demo city (700 households in Rejomulyo), and drops it at the end.
"""

import argparse
import http.cookiejar
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import serving  # noqa: E402 - bench/serving.py, beside this script

from tests.live.gunicorn import collect_static, gunicorn, production_env  # noqa: E402

DB = os.environ.get("BENCH_LOAD_DB", "wakuncar_bench_load")
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
PORT = int(os.environ.get("BENCH_LOAD_PORT", "8160"))
PASSWORD = "bench-load-password"  # noqa: S105 - a throwaway scratch database
SLUG = "rejomulyo"


def admin_connection(url, dbname="postgres"):
    conn = psycopg2.connect(
        dbname=dbname,
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port or 5432,
    )
    conn.autocommit = True
    return conn


def prepare(env):
    conn = admin_connection(urlparse(BASE_URL))
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{DB}" TEMPLATE template1')
    conn.close()
    for args in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def drop():
    url = urlparse(BASE_URL)
    conn = admin_connection(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    conn.close()


class Client:
    """One logged-in browser: its own cookies and CSRF token."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def csrf(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def log_in(self, username):
        self.opener.open(f"{self.base}/masuk/").read()
        data = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/masuk/", data=data, headers={"Referer": self.base + "/"}
        )
        self.opener.open(request).read()
        if not any(c.name == "sessionid" for c in self.cookies):
            raise RuntimeError(f"could not log in as {username}")

    def get(self, path):
        return self._send(urllib.request.Request(self.base + path))

    def export(self):
        data = urllib.parse.urlencode(
            {
                "layer": "households",
                "format": "csv",
                "kelurahan": SLUG,
                "srid": "4326",
                "csrfmiddlewaretoken": self.csrf(),
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/ekspor/", data=data, headers={"Referer": self.base + "/"}
        )
        return self._send(request)

    def _send(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                body = response.read()
                return response.status, len(body)
        except urllib.error.HTTPError as exc:
            return exc.code, 0
        except OSError as exc:
            return f"{type(exc).__name__}", 0


ENDPOINTS = {
    "households API": lambda c: c.get(f"/api/households/?kelurahan={SLUG}"),
    "map page": lambda c: c.get("/peta/"),
    "CSV export": lambda c: c.export(),
}


def watch_connections(stop, seen):
    """The most connections to the scratch database at any 0.1 s sample."""
    url = urlparse(BASE_URL)
    conn = admin_connection(url)
    with conn.cursor() as cur:
        while not stop.is_set():
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid()",
                [DB],
            )
            seen.append(cur.fetchone()[0])
            time.sleep(0.1)
    conn.close()


def run(base, clients, seconds):
    sessions = []
    for _ in range(clients):
        client = Client(base)
        client.log_in("lurah-rejomulyo")
        sessions.append(client)
    timings = defaultdict(list)
    errors = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    names = list(ENDPOINTS)

    def loop(i, client):
        n = i
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            n += 1
            started = time.perf_counter()
            status, size = ENDPOINTS[name](client)
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200 and size > 0:
                    timings[name].append(elapsed)
                else:
                    errors[f"{name}: {status}"] += 1

    stop, connections = threading.Event(), []
    watcher = threading.Thread(target=watch_connections, args=(stop, connections))
    watcher.start()
    threads = [
        threading.Thread(target=loop, args=(i, c)) for i, c in enumerate(sessions)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    stop.set()
    watcher.join()
    return timings, errors, wall, connections


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def report(clients, timings, errors, wall, connections, workers):
    every = [t for values in timings.values() for t in values]
    total = len(every) + sum(errors.values())
    print(
        f"\n{clients} clients, {wall:.1f} s: {total} requests, "
        f"{total / wall:.1f} req/s, errors {sum(errors.values())}"
        + (f" {dict(errors)}" if errors else "")
    )
    print(f"  {'endpoint':<16} {'n':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for name, values in [*timings.items(), ("all", every)]:
        print(
            f"  {name:<16} {len(values):>5} {len(values) / wall:>7.1f} "
            f"{statistics.median(values) * 1000:>7.0f} {p95(values) * 1000:>7.0f}"
        )
    print(
        f"  database connections: at most {max(connections)} "
        f"(gunicorn workers: {workers}), {len(connections)} samples"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
    args = parser.parse_args()
    url = urlparse(BASE_URL)
    database_url = url._replace(path=f"/{DB}").geturl()
    static_root = Path(tempfile.mkdtemp(prefix="wakuncar-bench-static-"))
    env = production_env(
        database_url=database_url,
        static_root=static_root,
        SECRET_KEY="bench-" + "x" * 60,
        DEMO_PASSWORD=PASSWORD,
        MEDIA_ROOT=serving.scratch_media(),
    )
    prepare(env)
    collect_static(env)
    workers = min(os.cpu_count() * 2 + 1, 10)
    base = f"http://127.0.0.1:{PORT}"
    failed = False
    try:
        with gunicorn(env, port=PORT, workers=workers):
            warm = Client(base)
            warm.log_in("lurah-rejomulyo")
            for name, call in ENDPOINTS.items():
                status, _size = call(warm)
                if status != 200:
                    raise RuntimeError(f"{name}: HTTP {status} before the run")
            print(f"gunicorn, {workers} sync workers, on {os.cpu_count()} cores")
            for clients in args.clients:
                timings, errors, wall, connections = run(base, clients, args.seconds)
                report(clients, timings, errors, wall, connections, workers)
                failed |= bool(errors) or max(connections) > workers
    finally:
        drop()
    if failed:
        print("\nFAILED: errors, or more connections than workers")
        sys.exit(1)


if __name__ == "__main__":
    main()
