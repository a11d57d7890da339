"""gunicorn's settings for `make run`: one synchronous worker per request, a
worker count sized to the cores, and a ceiling on database connections.

Each sync worker handles one request at a time in one thread, and Django keeps
one persistent connection per thread (CONN_MAX_AGE, CONN_HEALTH_CHECKS), so the
app never holds more than ``workers`` connections to PostgreSQL, however many
clients wait: they queue in gunicorn's backlog instead of opening connections
the server cannot hold."""

import multiprocessing
import os

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
