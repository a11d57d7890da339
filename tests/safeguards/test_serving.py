"""The app as `make run` serves it: gunicorn with hashed, compressed static
files cached for a year; a friendly 503 while the database cannot be reached,
and service again when it returns, without a restart; a statement timeout for
web requests only."""

import gzip
import re
import subprocess
import sys

import pytest

from tests.factories import HouseholdFactory
from tests.live.gunicorn import (
    ROOT,
    collect_static,
    database_url_of_tests,
    gunicorn,
    production_env,
)
from tests.live.http import send, session_for
from tests.live.proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)


PROXY_PORT, SERVER_PORT, TIMEOUT_SERVER_PORT = 8150, 8151, 8152


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, django_db_blocker):
    root = tmp_path_factory.mktemp("static")
    collect_static(
        production_env(database_url="postgis://x@127.0.0.1/x", static_root=root)
    )
    return root


@pytest.fixture
def proxy():
    proxy = TcpProxy(listen_port=PROXY_PORT)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def server(proxy, static_root, tmp_path):
    env = production_env(
        database_url=database_url_of_tests(PROXY_PORT), static_root=static_root
    )
    with gunicorn(env, port=SERVER_PORT, log=tmp_path / "gunicorn.log") as process:
        yield f"http://127.0.0.1:{SERVER_PORT}", process


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server, kelurahan):
    url, _process = server
    page = send(url, "/")
    assert page.status == 200
    script = re.search(r'src="(/static/[^"]+\.[0-9a-f]{12}\.js)"', page.body.decode())
    assert script, "the page names the hashed file"
    response = send(url, script.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.body).strip()
    cache = response.headers["Cache-Control"]
    assert "max-age=315360000" in cache and "immutable" in cache


def test_pages_carry_the_content_security_policy(server, kelurahan):
    url, _process = server
    policy = send(url, "/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_a_database_outage_is_a_friendly_503_and_service_returns(
    server, proxy, users, rt
):
    url, process = server
    HouseholdFactory(rt=rt)
    lurah = session_for(users["lurah"])
    assert send(url, "/api/households/", session=lurah).status == 200

    proxy.stop()
    page = send(url, "/peta/", session=lurah)
    api = send(url, "/api/households/", session=lurah)
    home = send(url, "/")

    for response in (page, api, home):
        assert response.status == 503
        assert response.headers["Retry-After"] == "30"
    assert "Basis data tidak dapat dihubungi" in home.body.decode()
    assert "Traceback" not in page.body.decode()
    assert api.json()["code"] == "unavailable"

    proxy.start()
    back = send(url, "/api/households/", session=lurah)
    assert back.status == 200
    assert len(back.json()["features"]) == 1
    assert process.poll() is None  # the same server, not restarted


def test_web_statements_are_cut_at_the_limit_but_commands_are_not(
    static_root, users, rt, tmp_path
):
    HouseholdFactory.create_batch(3000, rt=rt)
    env = production_env(
        database_url=database_url_of_tests(),
        static_root=static_root,
        WAKUNCAR_WEB_STATEMENT_TIMEOUT_S="0.001",
    )
    with gunicorn(env, port=TIMEOUT_SERVER_PORT, workers=1, log=tmp_path / "g.log"):
        url = f"http://127.0.0.1:{TIMEOUT_SERVER_PORT}"
        response = send(url, "/api/households/", session=session_for(users["admin"]))
    assert response.status == 503
    assert response.json()["code"] == "timeout"

    command = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection\n"
            "c = connection.cursor(); c.execute('SELECT pg_sleep(0.05)');"
            "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert command.returncode == 0, command.stderr
    assert command.stdout.strip().splitlines()[-1] == "0"


def test_inline_svg_icons_survive_the_hashing_of_css(static_root):
    """Leaflet-Geoman's polygon tool icon masks itself with url(%23polygon-b)
    inside a data: URI; rewritten as a file name, the icon was blank."""
    source = (
        ROOT / "node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css"
    ).read_text()
    (hashed,) = (static_root / "vendor" / "geoman").glob("leaflet-geoman.*.css")
    assert "url(%23polygon-b)" in source

    def without_source_map(text):  # its name is hashed, rightly
        return re.sub(r"sourceMappingURL=\S+", "", text)

    assert without_source_map(hashed.read_text()) == without_source_map(source)


def test_a_web_connection_runs_without_jit_and_with_the_statement_timeout(
    monkeypatch,
):
    """What safeguards.faults sets on each connection a web server makes
    (JIT compiled a low-zoom tile's plan for 190 ms); commands keep JIT."""
    from django.db import connection

    from safeguards import faults

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("on",)  # a command's, as the server's default
    monkeypatch.setattr(faults, "_serving_web", True)
    try:
        faults.limit_web_statements(sender=None, connection=connection)
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("30s",)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit; RESET statement_timeout")
