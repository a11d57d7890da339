"""The background worker beside gunicorn: django-tasks' ``manage.py db_worker``,
started again whenever it stops, until this process is told to end or its
parent (gunicorn's master) is gone. The worker ends itself on a database
error (django_tasks_db re-raises it), and a raster upload must not wait for a
restart of the web server after a database blip.

Stopping: the first SIGTERM lets db_worker finish the check in hand; if it
has not after GRACE_S, a second one stops it inside the check, which the
upload records as interrupted ("send the file again").

    python -m wakuncar.worker     (wakuncar/gunicorn.conf.py starts it)"""

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTART_AFTER_S = 5
GRACE_S = 20
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    # In the child, before exec: SIGTERM when this supervisor dies, even by
    # SIGKILL, so no db_worker is left behind.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop(child):
    child.terminate()
    try:
        child.wait(timeout=GRACE_S)
    except subprocess.TimeoutExpired:
        child.terminate()
        child.wait()


def main():
    parent = os.getppid()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    while not stopping:
        child = subprocess.Popen(  # noqa: S603 - our own command
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads here
        )
        while child.poll() is None:
            if stopping or os.getppid() != parent:
                stopping.append(True)
                _stop(child)
                break
            time.sleep(0.5)
        if stopping:
            break
        print(
            f"wakuncar.worker: db_worker ended with {child.returncode}; "
            f"starting it again in {RESTART_AFTER_S} s",
            file=sys.stderr,
            flush=True,
        )
        time.sleep(RESTART_AFTER_S)


if __name__ == "__main__":
    main()
