"""The background worker beside gunicorn: django-tasks' ``manage.py db_worker``,
started again whenever it stops until this process is told to end. The worker
ends itself on a database error (django_tasks_db re-raises it), and a raster
upload must not wait for a restart of the web server after a database blip.

    python -m wakuncar.worker     (wakuncar/gunicorn.conf.py starts it)"""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTART_AFTER_S = 5


def main():
    state = {"stopping": False, "child": None}

    def stop(signum, frame):
        state["stopping"] = True
        if state["child"] is not None:
            state["child"].terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not state["stopping"]:
        state["child"] = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
            cwd=ROOT,
        )
        code = state["child"].wait()
        if state["stopping"]:
            break
        print(
            f"wakuncar.worker: db_worker ended with {code}; "
            f"starting it again in {RESTART_AFTER_S} s",
            file=sys.stderr,
            flush=True,
        )
        time.sleep(RESTART_AFTER_S)


if __name__ == "__main__":
    main()
