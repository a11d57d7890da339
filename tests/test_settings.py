import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_real_production_values():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="gis.example.id",
    )
    assert result.returncode == 0, result.stderr


def test_deploy_check_fails_on_the_development_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="0")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_gis_w001_is_silenced_only_with_the_reason_beside_it():
    text = (ROOT / "wakuncar" / "settings.py").read_text()
    silenced = text.split("SILENCED_SYSTEM_CHECKS = [", 1)[1].split("]", 1)[0]
    assert '"gis.W001"' in silenced
    assert "resolve_srid" in silenced and "CVE-2026-114582" in silenced
