"""Backups of the whole service: the database as a pg_dump custom-format
archive and the uploaded files (MEDIA_ROOT), together in one timestamped tar,
and their restore. pg_dump reads one consistent snapshot; pg_restore writes in
one transaction, so a restore that fails leaves the database as it was."""

import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media"


class BackupError(Exception):
    pass


def backup(*, database: dict, media_root: Path, directory: Path) -> Path:
    """Write ``wakuncar-<db>-<YYYYmmdd-HHMMSS>.tar`` (WIB time) into
    ``directory``: the database and every file under ``media_root``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"wakuncar-{database['NAME']}-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="wakuncar-backup-") as work:
        dump = Path(work) / DUMP
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump)],
            database,
        )
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP)
            if Path(media_root).is_dir():
                archive.add(media_root, arcname=MEDIA)
        # Only a complete archive carries the final name.
        partial.rename(target)
    return target


def restore(*, archive: Path, database: dict, media_root: Path) -> None:
    """Replace the contents of ``database`` and ``media_root`` with those of
    ``archive`` (made by backup()). The database may be empty or hold an older
    state of the same schema."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    with tempfile.TemporaryDirectory(prefix="wakuncar-restore-") as work:
        work = Path(work)
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
            if DUMP not in names:
                raise BackupError(f"{archive.name}: not a Wakuncar backup (no {DUMP})")
            # The "data" filter refuses absolute paths, links out and devices.
            tar.extractall(work, filter="data")
        listing = work / "restore.list"
        listing.write_text(_without_extensions(work / DUMP, database))
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--use-list",
                str(listing),
                "--dbname",
                database["NAME"],
                str(work / DUMP),
            ],
            database,
        )
        _replace_media(work / MEDIA, Path(media_root))


def _without_extensions(dump, database):
    # PostGIS is the superuser's (scripts/database.sh creates it), with its
    # spatial_ref_sys table: the app role may neither drop, create nor fill
    # them, and the target already has them.
    listed = _run(["pg_restore", "--list", str(dump)], database, capture=True)
    return "".join(
        line + "\n"
        for line in listed.splitlines()
        if " EXTENSION " not in line
        and "COMMENT - EXTENSION" not in line
        and "spatial_ref_sys" not in line
    )


def _replace_media(source, media_root):
    if media_root.exists():
        aside = media_root.with_name(
            f"{media_root.name}.before-restore-{datetime.now():%Y%m%d%H%M%S}"
        )
        media_root.rename(aside)
        shutil.rmtree(aside)
    if source.is_dir():
        shutil.copytree(source, media_root)
    else:
        media_root.mkdir(parents=True)


def _run(command, database, *, capture=False):
    env = {
        **os.environ,
        "PGHOST": database.get("HOST") or "127.0.0.1",
        "PGPORT": str(database.get("PORT") or 5432),
        "PGUSER": database["USER"],
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    result = subprocess.run(  # noqa: S603 - fixed programs, our own arguments
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["failed"]
        reason = next((line for line in lines if "error" in line), lines[0])
        raise BackupError(f"{command[0]}: {reason}")
    return result.stdout
