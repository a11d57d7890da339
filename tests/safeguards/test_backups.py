"""`make backup` and `make restore`: a backup restored into a fresh database
gives back every row and every geometry, and the uploaded files."""

import subprocess
import sys

import psycopg2
import pytest
from django.db import connection

from safeguards.backups import BackupError, backup, restore
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    WastePointFactory,
    utm_box,
)

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = [
    "spatial_kecamatan",
    "spatial_kelurahan",
    "spatial_rw",
    "spatial_rt",
    "households_household",
    "landuse_idleplot",
    "waste_wastepoint",
    "spatial_revision",
    "auth_user",
    "spatial_profile",
]


def fingerprint(dbname):
    """Rows per table and an md5 of every geometry, in id order."""
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    found = {}
    with conn.cursor() as cur:
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            found[table] = cur.fetchone()[0]
            cur.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND udt_name = 'geometry'",
                [table],
            )
            for (column,) in cur.fetchall():
                cur.execute(
                    f"SELECT md5(string_agg(ST_AsEWKB({column})::text, ',' "
                    f"ORDER BY id)) FROM {table}"
                )
                found[f"{table}.{column}"] = cur.fetchone()[0]
    conn.close()
    return found


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template1')
    yield {**db, "NAME": name}
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def city(users, rt):
    kelurahan = rt.rw.kelurahan
    HouseholdFactory.create_batch(5, rt=rt)
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(10, 10, 60, 50))
    WastePointFactory(kelurahan=kelurahan)


def test_a_backup_restores_into_a_fresh_database_identically(
    city, fresh_database, tmp_path, settings
):
    media = tmp_path / "media"
    (media / "imports" / "2026" / "12").mkdir(parents=True)
    (media / "imports" / "2026" / "12" / "warga.csv").write_text("nama\nBudi\n")

    archive = backup(
        database=connection.settings_dict, media_root=media, directory=tmp_path / "b"
    )
    assert archive.name.startswith(f"wakuncar-{connection.settings_dict['NAME']}-")
    restored_media = tmp_path / "restored-media"
    restore(archive=archive, database=fresh_database, media_root=restored_media)

    original = fingerprint(connection.settings_dict["NAME"])
    assert original["households_household"] == 5
    assert fingerprint(fresh_database["NAME"]) == original
    restored_file = restored_media / "imports" / "2026" / "12" / "warga.csv"
    assert restored_file.read_text() == "nama\nBudi\n"


def test_restoring_over_newer_data_brings_back_the_backed_up_state(
    city, fresh_database, tmp_path
):
    archive = backup(
        database=connection.settings_dict,
        media_root=tmp_path / "none",
        directory=tmp_path,
    )
    restore(archive=archive, database=fresh_database, media_root=tmp_path / "m1")
    before = fingerprint(fresh_database["NAME"])
    restore(archive=archive, database=fresh_database, media_root=tmp_path / "m1")
    assert fingerprint(fresh_database["NAME"]) == before


def test_a_file_that_is_not_a_backup_is_refused(city, fresh_database, tmp_path):
    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"")
    import tarfile

    with tarfile.open(bogus, "w"):
        pass
    with pytest.raises(BackupError, match="not a Wakuncar backup"):
        restore(archive=bogus, database=fresh_database, media_root=tmp_path / "m")


def test_make_backup_and_restore_run_the_commands(tmp_path, city):
    """The commands behind the make targets, as `make` runs them."""
    env_db = connection.settings_dict
    url = (
        f"postgis://{env_db['USER']}:{env_db['PASSWORD']}@127.0.0.1:"
        f"{env_db['PORT'] or 5432}/{env_db['NAME']}"
    )
    import os

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    made = subprocess.run(
        [sys.executable, "manage.py", "backup", "--dir", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    archive = next((tmp_path / "out").glob("wakuncar-*.tar"))
    assert str(archive) in made.stdout
    missing = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "nothing.tar")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode != 0
    assert "no such backup file" in missing.stderr
