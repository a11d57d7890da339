"""Unpacking uploaded archives without trusting them: no paths that climb out of
the target folder, no symlinks, no zip bombs, no GDAL virtual files."""

import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .errors import FileError, UnsafeFile

MAX_MEMBERS = 500
MAX_RATIO = 200  # uncompressed / compressed, per member; text compresses ~10x
REFUSED_SUFFIXES = {".vrt", ".ovf", ".lnk"}


def max_unpacked_bytes():
    from django.conf import settings

    return settings.WAKUNCAR_MAX_UPLOAD_MB * 1024 * 1024 * 10


def safe_extract(archive, target):
    """Extract ``archive`` (a zip or KMZ) into the folder ``target`` and return
    the extracted paths."""
    name = Path(archive).name
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise FileError(name, _("is not a valid zip archive")) from exc
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        _check_members(name, members)
        target = Path(target).resolve()
        extracted = []
        for member in members:
            dest = (target / member.filename).resolve()
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(dest, "wb") as out:
                _copy_bounded(name, member, src, out)
            extracted.append(dest)
    return extracted


def _check_members(name, members):
    if not members:
        raise FileError(name, _("the archive is empty"))
    if len(members) > MAX_MEMBERS:
        raise UnsafeFile(
            name,
            _("the archive holds %(n)d files (max %(max)d)")
            % {"n": len(members), "max": MAX_MEMBERS},
        )
    total = 0
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in m.filename:
            raise UnsafeFile(
                name,
                _("refused path %(path)s in the archive") % {"path": repr(m.filename)},
            )
        if stat.S_ISLNK(m.external_attr >> 16):
            raise UnsafeFile(
                name,
                _("refused symbolic link %(path)s in the archive")
                % {"path": repr(m.filename)},
            )
        if path.suffix.lower() in REFUSED_SUFFIXES:
            raise UnsafeFile(
                name,
                _("refused GDAL virtual file %(path)s") % {"path": repr(m.filename)},
            )
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO:
            raise UnsafeFile(
                name,
                _("%(path)s expands suspiciously (zip bomb?)")
                % {"path": repr(m.filename)},
            )
        total += m.file_size
    if total > max_unpacked_bytes():
        raise UnsafeFile(
            name,
            _("the archive unpacks to %(n)d bytes; too large") % {"n": total},
        )


def _copy_bounded(name, member, src, out):
    # The header's file_size can lie; count what actually comes out.
    written = 0
    while chunk := src.read(1 << 20):
        written += len(chunk)
        if written > member.file_size or written > max_unpacked_bytes():
            raise UnsafeFile(
                name,
                _("%(path)s is larger than declared") % {"path": repr(member.filename)},
            )
        out.write(chunk)


def check_archive(archive):
    """Refuse a zip-based file (XLSX, KMZ) that is a zip bomb or smuggles links
    or climbing paths, without unpacking it."""
    name = Path(archive).name
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise FileError(name, _("is not a valid zip archive")) from exc
    with zf:
        _check_members(name, [m for m in zf.infolist() if not m.is_dir()])
