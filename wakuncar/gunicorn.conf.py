"""gunicorn's settings for `make run`: one synchronous worker per request, a
worker count sized to the cores, and a ceiling on database connections.

Each sync worker handles one request at a time in one thread, and Django keeps
one persistent connection per thread (CONN_MAX_AGE, CONN_HEALTH_CHECKS), so the
app never holds more than ``workers`` connections to PostgreSQL (and one for
the background worker), however many clients wait: they queue in gunicorn's
backlog instead of opening connections the server cannot hold."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# gunicorn's advice (2 x cores + 1), capped by what the database may give us.
workers = min(
    int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)),
    int(os.environ.get("WAKUNCAR_MAX_DB_CONNECTIONS", "10")),
)
worker_class = "sync"
# Beyond the web statement timeout (30 s), and room for an upload page's check
# of a large survey file, which is an import.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
# Workers are renewed now and then, so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (one path per user) would let a second server on
# this machine, a benchmark's or a test's, take over or refuse to start.
control_socket_disable = True


# The background worker (django-tasks' `manage.py db_worker`, kept running by
# wakuncar/worker.py: raster uploads are checked there, not in a request)
# runs beside the web server and stops with it. A deployment that runs the
# worker as its own service sets WAKUNCAR_TASK_WORKER=0.
ROOT = Path(__file__).resolve().parent.parent


def when_ready(server):
    if os.environ.get("WAKUNCAR_TASK_WORKER", "1") == "0":
        return
    server.wakuncar_worker = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "wakuncar.worker"],
        cwd=ROOT,
        # Its own process group: a Ctrl-C in the terminal reaches gunicorn,
        # whose on_exit stops the worker once, not every process at once.
        start_new_session=True,
    )
    server.log.info("background worker started (pid %s)", server.wakuncar_worker.pid)


def on_exit(server):
    worker = getattr(server, "wakuncar_worker", None)
    if worker is None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=30)  # wakuncar.worker gives a check 20 s
    except subprocess.TimeoutExpired:
        worker.kill()
