from django.core.management.base import BaseCommand, CommandError

from spatial.errors import WakuncarError

from ...services import find_kelurahan, snapshot_take, today


class Command(BaseCommand):
    help = (
        "Store every indicator and level of each kelurahan (or one) for a month: "
        "at the month's end, or today for the current month. A complete month's "
        "snapshot is kept once taken (--replace takes it again); the current "
        "month's is refreshed. For a monthly cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", metavar="YYYY-MM", help="default: this month")
        parser.add_argument("--kelurahan", metavar="SLUG")
        parser.add_argument(
            "--replace", action="store_true", help="take a complete month again"
        )

    def handle(self, *args, **options):
        month = options["month"] or f"{today():%Y-%m}"
        try:
            kelurahan = (
                find_kelurahan(options["kelurahan"]) if options["kelurahan"] else None
            )
            taken, kept = snapshot_take(
                month=month, kelurahan=kelurahan, replace=options["replace"] or None
            )
        except WakuncarError as exc:
            raise CommandError(exc.message) from None
        for snap in taken:
            self.stdout.write(
                f"{snap.kelurahan.slug} {month}: taken as of {snap.as_of}"
            )
        for snap in kept:
            self.stdout.write(
                f"{snap.kelurahan.slug} {month}: kept the snapshot of "
                f"{snap.taken_at:%Y-%m-%d %H:%M} (as of {snap.as_of})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{month}: {len(taken)} taken, {len(kept)} kept.")
        )
