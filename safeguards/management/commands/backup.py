from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from safeguards.backups import BackupError, backup


class Command(BaseCommand):
    help = _(
        "Back up the database (pg_dump, custom format) and the uploaded files "
        "into one timestamped tar file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups", help=_("where to write it"))

    def handle(self, *args, dir, **options):
        try:
            path = backup(
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                directory=Path(dir),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size_mb = path.stat().st_size / 1e6
        self.stdout.write(
            _("Backup written: %(path)s (%(mb).1f MB)") % {"path": path, "mb": size_mb}
        )
