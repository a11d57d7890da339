"""A raster sent to the app as `make run` serves it: gunicorn, with its own
configuration, starts the background worker (wakuncar/worker.py), which
checks and keeps the upload; a worker that dies is started again, and none
outlives the server."""

import os
import signal
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from rasters.models import Raster
from tests.live.gunicorn import database_url_of_tests, gunicorn, production_env
from tests.live.http import send, session_for

from .rasters import write_raster

pytestmark = pytest.mark.django_db(transaction=True)
PORT = 8160


def multipart(fields, path):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{path.name}"\r\nContent-Type: image/tiff\r\n\r\n'.encode()
        + path.read_bytes()
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload(base, session, kelurahan, path):
    body, content_type = multipart({"kind": "orthophoto"}, path)
    reply = send(
        base,
        f"/raster/k/{kelurahan.slug}/unggah/",
        session=session,
        method="POST",
        body=body,
        headers={"Content-Type": content_type},
    )
    assert reply.status == 202, reply.body
    return reply.json()["status"]


def settled(base, session, status_url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = send(base, status_url, session=session).json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.3)
    raise AssertionError(f"still {state['state']} after {seconds} s")


def children(pid):
    """The pids whose parent is ``pid``, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def alive(pid):
    return (
        Path(f"/proc/{pid}").exists()
        and "Z"
        not in (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:1])
    )


def test_the_servers_worker_keeps_an_upload_and_is_started_again(
    kelurahan, lurah, tmp_path, settings
):
    env = production_env(
        database_url=database_url_of_tests(),
        static_root=tmp_path / "static",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    first = write_raster(tmp_path / "ortofoto_1.tif", np.full((3, 40, 40), 90, "uint8"))
    second = write_raster(
        tmp_path / "ortofoto_2.tif", np.full((3, 40, 40), 80, "uint8")
    )
    with gunicorn(env, port=PORT, workers=1, log=tmp_path / "g.log") as server:
        base, session = f"http://127.0.0.1:{PORT}", session_for(lurah)
        state = settled(base, session, upload(base, session, kelurahan, first))
        assert state["state"] == "done", state
        assert state["raster"]["id"] == Raster.objects.get(name="ortofoto_1.tif").pk
        [supervisor] = [
            pid for pid, cmd in children(server.pid).items() if "wakuncar.worker" in cmd
        ]
        [worker] = [
            pid for pid, cmd in children(supervisor).items() if "db_worker" in cmd
        ]
        os.kill(worker, signal.SIGKILL)  # as a crash, or a database error, ends it
        state = settled(base, session, upload(base, session, kelurahan, second))
        assert state["state"] == "done", state
        [restarted] = [
            pid for pid, cmd in children(supervisor).items() if "db_worker" in cmd
        ]
        assert restarted != worker
    deadline = time.monotonic() + 15
    while (alive(supervisor) or alive(restarted)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(supervisor) and not alive(restarted)


def test_no_worker_outlives_a_killed_server(kelurahan, lurah, tmp_path, settings):
    env = production_env(
        database_url=database_url_of_tests(),
        static_root=tmp_path / "static",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    with gunicorn(env, port=PORT + 1, workers=1, log=tmp_path / "g.log") as server:
        deadline = time.monotonic() + 30
        found = []
        while not found and time.monotonic() < deadline:
            supervisors = [
                pid
                for pid, cmd in children(server.pid).items()
                if "wakuncar.worker" in cmd
            ]
            found = [
                (s, pid)
                for s in supervisors
                for pid, cmd in children(s).items()
                if "db_worker" in cmd
            ]
            time.sleep(0.2)
        [(supervisor, worker)] = found
        os.kill(server.pid, signal.SIGKILL)  # no on_exit: the master just dies
        deadline = time.monotonic() + 15
        while (alive(supervisor) or alive(worker)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(supervisor) and not alive(worker)
