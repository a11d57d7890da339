from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from spatial.models import PersonalDataAccess


class Command(BaseCommand):
    help = _(
        "Delete personal-data log rows older than "
        "WAKUNCAR_PERSONAL_LOG_RETENTION_DAYS (run daily from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help=_("keep this many days instead of the setting"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("count only, delete nothing")
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.WAKUNCAR_PERSONAL_LOG_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        old = PersonalDataAccess.objects.filter(at__lt=cutoff)
        if dry_run:
            count = old.count()
            message = _("%(n)d rows older than %(days)d days would be deleted.")
        else:
            count, _by_model = old.delete()
            message = _("%(n)d rows older than %(days)d days deleted.")
        self.stdout.write(message % {"n": count, "days": days})
