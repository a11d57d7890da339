import json

from django.core.management.base import BaseCommand, CommandError

from spatial import permissions
from spatial.errors import WakuncarError
from spatial.models import Role

from ...months import parse_day
from ...services import city_status, find_kelurahan, kelurahan_status


class Command(BaseCommand):
    help = (
        "The early warning of one kelurahan (--kelurahan SLUG) or of every one "
        "(--city): each RT's level (green, yellow, red, no_data), the rules that "
        "fired with their value and threshold, and the indicators. Totals as a "
        "planner sees them (no personal data, no suppression)."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--kelurahan", metavar="SLUG")
        where.add_argument("--city", action="store_true")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="default: today (WIB)")
        parser.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args, **options):
        user = permissions.stand_in(Role.PLANNER)
        try:
            day = parse_day(options["date"]) if options["date"] else None
            if options["city"]:
                status = city_status(user=user, as_of=day)
                places = status.kelurahan
            else:
                kelurahan = find_kelurahan(options["kelurahan"])
                status = kelurahan_status(user=user, kelurahan=kelurahan, as_of=day)
                places = [status]
        except WakuncarError as exc:
            raise CommandError(exc.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False))
            return
        for place in places:
            counts = ", ".join(f"{n} {level}" for level, n in place.levels.items())
            self.stdout.write(
                f"{place.kelurahan.name} ({place.as_of:%Y-%m-%d}): {counts}"
            )
            for rt in place.rts:
                codes = ", ".join(f"{f.code} ({f.level})" for f in rt.fired) or "—"
                self.stdout.write(f"  {rt.rt.code}  {rt.level:<8} {codes}")
