"""Months as the report and snapshots name them: "YYYY-MM"."""

import calendar
import re
from datetime import date

from django.utils.translation import gettext as _

from spatial.errors import InvalidInput

MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text):
    """The first day of the month written "YYYY-MM"."""
    match = MONTH.fullmatch(str(text).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise InvalidInput(
            _("%(text)s is not a month: write it as YYYY-MM, e.g. 2026-03.")
            % {"text": text}
        )
    return date(int(match[1]), int(match[2]), 1)


def month_end(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def parse_day(text):
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(
            _("%(text)s is not a date: write it as YYYY-MM-DD.") % {"text": text}
        ) from None
