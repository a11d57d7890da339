"""The app served by gunicorn as `make run` serves it (wakuncar/gunicorn.conf.py,
DEBUG off, hashed and compressed static files), in a subprocess on loopback,
against the test database or a proxy in front of it."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url_of_tests(port=None):
    """The URL of the database the tests use, optionally through ``port``."""
    db = connection.settings_dict
    port = port or db["PORT"] or 5432
    return f"postgis://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{port}/{db['NAME']}"


def production_env(*, database_url, static_root, **extra):
    secret_key = extra.pop("SECRET_KEY", None) or settings.SECRET_KEY
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        # The test process's key by default: sessions it makes must be valid.
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(static_root),
        "WAKUNCAR_COMPRESSED_STATIC": "1",
        **extra,
    }


def collect_static(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


@contextmanager
def gunicorn(env, *, port, workers=2, log=None):
    log = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "wakuncar/gunicorn.conf.py",
            "wakuncar.wsgi",
        ],
        cwd=ROOT,
        env={
            **env,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
        },
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
