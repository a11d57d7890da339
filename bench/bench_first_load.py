"""How many bytes the lurah's first load of /peta/ transfers, on a cold cache,
as `make run` serves it (gunicorn, DEBUG off, hashed and compressed static
files, compressed responses), measured by headless chromium from the real
server.

Target (issue 9): at most 500 KB transferred for the lurah of Rejomulyo (the
demo city: 700 households, its RTs, plots and waste points). It was 1.25 MB
uncompressed before: Geoman's unminified build, Leaflet.draw's i18n file and
395 KB of household GeoJSON.

    .venv/bin/python bench/bench_first_load.py [--runs 3]

Builds a scratch database (BENCH_FIRST_LOAD_DB, default
wakuncar_bench_first_load) with the demo city and drops it at the end. The
login happens in another browser context; the measured one starts with the
session cookie only, so nothing is cached.
"""

import argparse
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import serving  # noqa: E402 - bench/serving.py, beside this script

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wakuncar.settings")

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DB = os.environ.get("BENCH_FIRST_LOAD_DB", "wakuncar_bench_first_load")
BASE_URL = os.environ.get(
    "DATABASE_URL", "postgis://wakuncar:wakuncar@127.0.0.1:5432/wakuncar"
)
PASSWORD = "bench-first-load-password"  # noqa: S105 - a throwaway database
TARGET_KB = 500


def admin_connection():
    url = urlparse(BASE_URL)
    conn = psycopg2.connect(
        dbname="postgres",
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port or 5432,
    )
    conn.autocommit = True
    return conn


def database_url():
    return urlparse(BASE_URL)._replace(path=f"/{DB}").geturl()


def prepare(env):
    conn = admin_connection()
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
    conn = admin_connection()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    conn.close()


def session_cookie(browser, base):
    context = serving.local_context(browser, base)
    page = context.new_page()
    serving.log_in(page, base, "lurah-rejomulyo", PASSWORD)
    cookies = [c for c in context.cookies() if c["name"] == "sessionid"]
    context.close()
    return cookies


def first_load(browser, base, cookies):
    """Bytes on the wire (headers included) and bodies as decoded, per kind
    of resource, for one cold-cache navigation to /peta/ until the map is
    drawn."""
    context = serving.local_context(
        browser, base, viewport={"width": 1280, "height": 720}
    )
    context.add_cookies(cookies)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    kinds, wire, body = {}, defaultdict(int), defaultdict(int)
    cdp.on(
        "Network.responseReceived",
        lambda e: kinds.__setitem__(e["requestId"], (e["type"], e["response"]["url"])),
    )

    def finished(event):
        kind, _url = kinds.get(event["requestId"], ("Other", ""))
        wire[kind] += event["encodedDataLength"]

    cdp.on("Network.loadingFinished", finished)
    cdp.on(
        "Network.dataReceived",
        lambda e: body.__setitem__(
            kinds.get(e["requestId"], ("Other",))[0],
            body[kinds.get(e["requestId"], ("Other",))[0]] + e["dataLength"],
        ),
    )
    page.goto(f"{base}/peta/")
    page.wait_for_selector("body[data-map-ready='true']", timeout=60_000)
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate(
        "() => window.wakuncarEditor.layers.households.getLayers().length"
    )
    context.close()
    return dict(wire), dict(body), len(kinds), drawn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.live.gunicorn import collect_static, gunicorn

    env = serving.browser_env(database_url(), DEMO_PASSWORD=PASSWORD)
    prepare(env)
    try:
        collect_static(env)
        port = serving.free_port()
        base = f"http://127.0.0.1:{port}"
        with gunicorn(env, port=port), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cookies = session_cookie(browser, base)
            runs = [first_load(browser, base, cookies) for _ in range(args.runs)]
            browser.close()
    finally:
        drop()
    totals = [sum(wire.values()) / 1024 for wire, *_ in runs]
    wire, body, requests, drawn = runs[-1]
    print(
        f"lurah-rejomulyo, /peta/ on a cold cache, {requests} requests, "
        f"{drawn} households drawn"
    )
    for kind in sorted(wire, key=wire.get, reverse=True):
        print(
            f"  {kind:<12} {wire[kind] / 1024:7.1f} KB on the wire, "
            f"{body.get(kind, 0) / 1024:7.1f} KB decoded"
        )
    print(
        f"transferred: {', '.join(f'{t:.0f}' for t in totals)} KB "
        f"(median {statistics.median(totals):.0f} KB; target {TARGET_KB} KB); "
        f"decoded {sum(body.values()) / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main()
