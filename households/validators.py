import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KK_PATTERN = re.compile(r"\d{16}")


def validate_no_kk(value):
    """A No. KK (family card number) has 16 digits; the first two are the
    province code (11 Aceh … 9x Papua), so they are never below 11."""
    if not KK_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            _("No. KK %(value)s must be exactly 16 digits (got %(n)d characters)."),
            params={"value": value, "n": len(value or "")},
            code="kk_format",
        )
    if int(value[:2]) < 11:
        raise ValidationError(
            _("No. KK %(value)s does not start with a province code (11–99)."),
            params={"value": value},
            code="kk_province",
        )
    if len(set(value)) == 1:
        raise ValidationError(
            _("No. KK %(value)s is a placeholder, not a real number."),
            params={"value": value},
            code="kk_placeholder",
        )
