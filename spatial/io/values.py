"""Reading the values people type into spreadsheets and survey apps: numbers
with a decimal comma, ya/tidak, day-first dates, and the typed cells of XLSX.

Every parser takes a cell (text from a CSV, or an int, float, date or bool from
a spreadsheet), returns a Python value or None for a blank cell, and raises
ValueError with a message that quotes the value."""

import math
import re
from datetime import date, datetime, time
from functools import cache

from django.utils import timezone, translation
from django.utils.translation import gettext as _

TRUE_WORDS = frozenset(
    [
        "true",
        "t",
        "yes",
        "y",
        "ya",
        "iya",
        "1",
        "ada",
        "sudah",
        "benar",
        "punya",
        "dipilah",
        "pilah",
        "v",
    ]
)
FALSE_WORDS = frozenset(
    ["false", "f", "no", "n", "tidak", "tdk", "0", "belum", "salah", "tidak ada"]
    + ["tidak punya", "tidak dipilah", "gak", "nggak", "tak", "-"]
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T](.+))?$")
YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T](.+))?$")
SPELLED = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
SPACES = re.compile(r"[\s_]+")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def spelling(value):
    """A comparable spelling: lower case, single spaces for runs of blanks,
    underscores and hyphens between words."""
    return SPACES.sub(" ", str(value).replace("-", " ")).strip().lower()


def number(value):
    """A finite float. Accepts a decimal comma ("-5,1234") and Indonesian
    thousands ("1.234,5") as Excel writes them in the Indonesian locale."""
    if value.__class__ is str:
        try:
            # float() also takes "1_000"; nobody types that in a survey.
            result = float(value) if "_" not in value else _float(value.strip())
        except ValueError:
            text = value.strip()
            if not text:
                return None
            result = _float(text)
    elif value is None:
        return None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("%(value)r is not a number") % {"value": value})
    else:
        result = float(value)
    if not math.isfinite(result):
        raise ValueError(_("%(value)r is not a finite number") % {"value": value})
    return result


def _plain_numbers(column):
    from . import plain

    return plain.numbers(column)


number.plain = _plain_numbers


def _float(text):
    if "," in text:
        if "." in text and text.rfind(".") > text.rfind(","):
            candidate = text.replace(",", "")  # 1,234.5
        else:
            candidate = text.replace(".", "").replace(",", ".")  # 1.234,5 / -5,12
        try:
            if "_" not in candidate and candidate.count(".") <= 1:
                return float(candidate)
        except ValueError:
            pass
    raise ValueError(_("%(value)r is not a number") % {"value": text})


def whole_number(value):
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    result = number(value)
    if result is None:
        return None
    if not result.is_integer():
        raise ValueError(_("%(value)r is not a whole number") % {"value": value})
    return int(result)


def boolean(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = spelling(value)
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(
        _("%(value)r is not yes or no (ya/tidak, true/false, 1/0)") % {"value": value}
    )


def day(value):
    """A date: ISO (2022-03-01), day first (01/03/2022, 1-3-22) as written in
    Indonesia, spelled (1 Maret 2022), or a spreadsheet date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return _day(text)
    except ValueError:
        raise ValueError(
            _("%(value)r is not a date (write 2022-03-01 or 01/03/2022)")
            % {"value": text}
        ) from None


def _day(text):
    if len(text) >= 10 and text[4] == "-":
        return datetime.fromisoformat(text).date()
    if match := DAY_FIRST.match(text):
        d, m, y, _clock = match.groups()
        return date(_year(y), int(m), int(d))
    if match := YEAR_FIRST.match(text):
        y, m, d, _clock = match.groups()
        return date(int(y), int(m), int(d))
    if match := SPELLED.match(text.lower()):
        d, month, y = match.groups()
        if month in MONTHS:
            return date(int(y), MONTHS[month], int(d))
    raise ValueError(text)


def _year(text):
    return int(text) + 2000 if len(text) == 2 else int(text)


def moment(value):
    """An aware datetime; a time without an offset is taken as local time
    (WIB, the project's TIME_ZONE)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            result = _moment(text)
        except ValueError:
            raise ValueError(
                _("%(value)r is not a date and time (write 2022-03-01T08:30+07:00)")
                % {"value": text}
            ) from None
    if timezone.is_naive(result):
        result = timezone.make_aware(result)
    return result


def _moment(text):
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = DAY_FIRST.match(text) or YEAR_FIRST.match(text)
    if not match:
        return datetime.combine(_day(text), time())
    clock = match.group(4)
    day_part = text[: match.start(4) - 1] if clock else text
    moment_time = time()
    if clock:
        hm = CLOCK.match(clock.strip())
        if not hm:
            raise ValueError(text)
        h, m, s = hm.groups()
        moment_time = time(int(h), int(m), int(s or 0))
    return datetime.combine(_day(day_part), moment_time)


def text(value, *, max_length):
    """Stripped text; a whole float from a spreadsheet loses its ".0"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > max_length:
        raise ValueError(
            _("%(value)r is longer than %(n)d characters")
            % {"value": result[:40] + "…", "n": max_length}
        )
    return result or None


# Words a label carries that people leave out, or add: "pembakaran terbuka"
# is the "Titik pembakaran sampah terbuka" (open burning spot) of the model.
FILLER_WORDS = frozenset(
    [
        "titik",
        "sampah",
        "tempat",
        "lokasi",
        "spot",
        "site",
        "point",
        "di",
        "ke",
        "yang",
        "the",
        "a",
        "an",
        "of",
    ]
)
PARENTHESES = re.compile(r"\(([^)]*)\)")


def loose(text):
    """``spelling(text)`` without filler words and punctuation."""
    words = re.sub(r"[^\w\s]", " ", spelling(text)).split()
    return " ".join(w for w in words if w not in FILLER_WORDS)


def text_parser(max_length):
    """``text`` with a ``max_length``, and the cells it returns as they are
    (spatial.io.plain)."""

    def parse(value):
        return text(value, max_length=max_length)

    def plain_texts(column):
        from . import plain

        return plain.texts(column, max_length=max_length)

    parse.plain = plain_texts
    return parse


def choice(value, options, labels=None):
    """The stored value whose spelling (``spelling()``), or failing that its
    spelling without filler words (``loose()``), is a key of ``options``.
    The reason lists ``labels``, the choices as people know them."""
    if is_blank(value):
        return None
    found = options.get(spelling(value)) or options.get(loose(value) or None)
    if found is None:
        allowed = ", ".join(map(str, labels or sorted(set(options.values()))))
        raise ValueError(
            _("%(value)r is not one of: %(allowed)s")
            % {"value": value, "allowed": allowed}
        )
    return found


def choice_parser(choices, words=None):
    """A parser for a Django ``choices`` class that also takes its labels in
    English and Indonesian, each with or without its parenthesis and filler
    words, and ``words`` ({value: [spellings]}) people write instead."""
    frozen = tuple((value, tuple(w)) for value, w in (words or {}).items())
    labels = [label for _value, label in choices.choices]
    return lambda value: choice(value, _options(choices, frozen), labels)


@cache
def _options(choices, words):
    exact, loosely = {}, {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices.choices:
                label = str(label)
                exact[spelling(value)] = value
                exact[spelling(label)] = value
                inner = PARENTHESES.findall(label)
                for text in (label, PARENTHESES.sub(" ", label), *inner):
                    loosely.setdefault(loose(text), set()).add(value)
    for value, spellings in words:
        exact.update({spelling(w): value for w in spellings})
    # A loose spelling two choices share says nothing.
    unique = {k: v.pop() for k, v in loosely.items() if k and len(v) == 1}
    return unique | exact
