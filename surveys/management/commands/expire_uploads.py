from django.core.management.base import BaseCommand

from surveys.retention import expire_uploads


class Command(BaseCommand):
    help = (
        "Drop checked survey rows past WAKUNCAR_STAGING_HOURS, delete the files "
        "of uploads that failed or were not committed within "
        "WAKUNCAR_UNCOMMITTED_UPLOAD_DAYS, and files no upload record names. "
        "Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **opts):
        done = expire_uploads()
        self.stdout.write(
            f"staged uploads dropped: {done.staged}, files deleted: {done.files}, "
            f"orphan files deleted: {done.orphans}"
        )
