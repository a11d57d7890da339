"""Serving the app on loopback for a benchmark, and a keep-alive HTTP client.
Not a benchmark itself."""

import atexit
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_media():
    """A MEDIA_ROOT for a bench's scratch database, removed when the bench
    ends: the demo's raster (and any upload) must not pile up in media/."""
    media_root = tempfile.mkdtemp(prefix="wakuncar-bench-media-")
    atexit.register(shutil.rmtree, media_root, ignore_errors=True)
    return media_root


def browser_env(database_url, **extra):
    """The environment `make run` serves with (DEBUG off, collected static
    files, tests.live.gunicorn.production_env), for the benchmarks that time
    pages in chromium; the static and media folders go when the bench ends."""
    sys.path.insert(0, str(ROOT))
    from tests.live.gunicorn import production_env

    static_root = tempfile.mkdtemp(prefix="wakuncar-bench-static-")
    atexit.register(shutil.rmtree, static_root, ignore_errors=True)
    return production_env(
        database_url=database_url,
        static_root=static_root,
        SECRET_KEY="bench-" + "x" * 60,
        MEDIA_ROOT=scratch_media(),
        **extra,
    )


def local_context(browser, base, **options):
    """A chromium context that fetches nothing but ``base``: no tile, font or
    CDN request leaves the machine."""
    context = browser.new_context(**options)
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())
    return context


def log_in(page, base, username, password):
    """Through the login page, as a user does."""
    page.goto(f"{base}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def ready_times(page, url, ready, runs):
    """The page's own ``data-ready-ms`` for ``runs`` loads of ``url``, once
    the body's ``ready`` attribute is true; one more load first warms the
    caches and is not counted."""
    times = []
    for _ in range(runs + 1):
        page.goto(url)
        page.wait_for_selector(f"body[{ready}='true']", timeout=60_000)
        times.append(int(page.locator("body").get_attribute("data-ready-ms")))
    return times[1:]


def has_gunicorn():
    return Path(GUNICORN).exists()


def start(url, port, app="wakuncar.wsgi", ready="/ogc/conformance"):
    """gunicorn when the venv has it, else Django's threaded runserver; DEBUG=0.
    gunicorn's fixed threads keep their database connections (at most 16);
    runserver starts a thread, so a connection, per request. ``app`` is the
    WSGI module gunicorn serves (bench/bare_app.py for the floor), ``ready``
    the path that answers once it is up. Returns (process, description)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60" if has_gunicorn() else "0",
        "LOG_LEVEL": "WARNING",
    }
    if has_gunicorn():
        command = [
            GUNICORN,
            app,
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ]
        what = "gunicorn, 2 workers × 8 threads"
    else:
        command = [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--nothreading",
        ]
        command = command[:-1]  # threaded: one thread per request
        what = "Django runserver (threaded; gunicorn not installed)"
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", ready)
            connection.getresponse().read()
            return process, what
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("the server did not answer within 30 s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class Client:
    def __init__(self, port, token=None):
        self.port = port
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path, headers=None):
        """(status, body, seconds)."""
        started = time.perf_counter()
        try:
            self.connection.request(
                "GET", path, headers={**self.headers, **(headers or {})}
            )
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port)
            raise
        return response.status, body, time.perf_counter() - started
