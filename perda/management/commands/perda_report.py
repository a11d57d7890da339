from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from spatial import permissions
from spatial.errors import WakuncarError
from spatial.models import Role

from ... import report
from ...services import find_kelurahan


class Command(BaseCommand):
    help = (
        "Write a kelurahan's monthly Perda report as PDF. Without --user it is "
        "the version a planner reads (no personal data); with --user the "
        "version that user may read. Takes the month's snapshot if it has none; "
        "a month in the future is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kelurahan", metavar="SLUG", required=True)
        parser.add_argument("--month", metavar="YYYY-MM", required=True)
        parser.add_argument("--out", metavar="FILE.pdf", required=True)
        parser.add_argument("--lang", choices=["id", "en"], default="id")
        parser.add_argument("--user", metavar="NAME")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent} is not a folder: cannot write {out}.")
        with translation.override(options["lang"]):
            try:
                kelurahan = find_kelurahan(options["kelurahan"])
                built = report.monthly_report(
                    user=user,
                    kelurahan=kelurahan,
                    month=options["month"],
                    channel="command",
                )
                pdf = report.render_pdf(built)
            except WakuncarError as exc:
                raise CommandError(exc.message) from None
        # Written whole only once rendered: a failed report leaves no file.
        partial = out.with_name(out.name + ".part")
        partial.write_bytes(pdf)
        partial.replace(out)
        self.stdout.write(
            self.style.SUCCESS(
                f"{out}: {kelurahan.name} {built.month:%Y-%m}, {built.version} "
                f"version, {len(pdf):,} bytes."
            )
        )

    def _user(self, name):
        if not name:
            return permissions.stand_in(Role.PLANNER)
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(f"There is no user {name}.")
        return user
