from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from safeguards.backups import BackupError, restore


class Command(BaseCommand):
    help = _(
        "Replace the database's contents and the uploaded files with those of "
        "a backup made by `backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the backup's .tar file"))

    def handle(self, *args, file, **options):
        # pg_restore works on its own connection; ours would hold locks.
        connection.close()
        try:
            restore(
                archive=Path(file),
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Restored from %(file)s.") % {"file": file})
