"""What the dashboard, the report and the commands ask for: the status of a
kelurahan or of the city on a day, the thresholds and their changes, monthly
snapshots. Every read asks spatial.permissions."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from spatial import permissions
from spatial.errors import InvalidInput, NotFound, NotPermitted
from spatial.models import RT, Kelurahan

from . import indicators, nearest, rules
from .disclosure import suppressed
from .models import Snapshot, Threshold, ThresholdChange
from .months import month_end, parse_month


@dataclass
class RTStatus:
    rt: RT
    level: str
    fired: list
    indicators: dict

    def as_dict(self):
        return {
            "rt": self.rt.code,
            "level": self.level,
            "rules": [f.as_dict() for f in self.fired],
            "indicators": self.indicators,
        }


@dataclass
class KelurahanStatus:
    kelurahan: Kelurahan
    as_of: date
    rts: list
    indicators: dict
    public: bool = False

    @property
    def levels(self):
        """How many RTs are at each level, in the order of rules.LEVELS."""
        counts = dict.fromkeys(rules.LEVELS, 0)
        for rt in self.rts:
            counts[rt.level] += 1
        return counts

    def as_dict(self):
        return {
            "kelurahan": self.kelurahan.slug,
            "date": self.as_of.isoformat(),
            "rts": [rt.as_dict() for rt in self.rts],
            "indicators": self.indicators,
        }


@dataclass
class CityStatus:
    as_of: date
    kelurahan: list
    indicators: dict
    thresholds: dict = field(default_factory=dict)
    public: bool = False

    @property
    def levels(self):
        counts = dict.fromkeys(rules.LEVELS, 0)
        for k in self.kelurahan:
            for level, n in k.levels.items():
                counts[level] += n
        return counts

    def as_dict(self):
        return {
            "city": "kota-metro",
            "date": self.as_of.isoformat(),
            "kelurahan": [k.as_dict() for k in self.kelurahan],
            "indicators": self.indicators,
        }


def thresholds_in_force():
    """Every threshold: the city admin's value where set, else the default."""
    values = dict(rules.DEFAULTS)
    values.update(
        {
            t.key: t.value
            for t in Threshold.objects.filter(key__in=rules.PARAMETER_BY_KEY)
        }
    )
    return values


def today():
    """Today in Kota Metro (WIB)."""
    return timezone.localdate()


def kelurahan_status(*, user, kelurahan, as_of=None, public=None):
    """Every RT of ``kelurahan`` with its level, the rules that fired and its
    indicators, and the kelurahan's own indicators, on ``as_of`` (today).
    Those who may not see the full dashboard get the public version."""
    as_of = _checked_day(as_of)
    if public is None:
        public = not permissions.may_see_dashboard(user, kelurahan)
    thresholds = thresholds_in_force()
    units = indicators.compute(indicators.Scope(as_of, (kelurahan.pk,)), thresholds)
    return _kelurahan(kelurahan, _rts([kelurahan]), units, thresholds, as_of, public)


def city_status(*, user, as_of=None):
    """Every kelurahan of the city as kelurahan_status gives it, in one pass
    per indicator family over all RTs."""
    as_of = _checked_day(as_of)
    public = not permissions.may_see_city_dashboard(user)
    thresholds = thresholds_in_force()
    units = indicators.compute(indicators.Scope(as_of), thresholds)
    places = list(Kelurahan.objects.select_related("kecamatan").defer("geom"))
    rts = _rts(places)
    result = [
        _kelurahan(k, rts, units, thresholds, as_of, public)
        for k in sorted(places, key=lambda k: k.code)
    ]
    city = units.get((indicators.CITY, None)) or indicators.blank()
    return CityStatus(
        as_of, result, suppressed(city) if public else city, thresholds, public
    )


def find_kelurahan(slug):
    found = Kelurahan.objects.select_related("kecamatan").filter(slug=slug).first()
    if found is None:
        raise NotFound(_("There is no kelurahan %(slug)s.") % {"slug": slug})
    return found


def thresholds_update(*, user, values: dict) -> list:
    """Set thresholds (key → number) in one go. Every value is checked first,
    and with any error nothing changes: a share must lie within 0–100 %, a
    distance, number of days or years must be positive, and a red threshold
    must not be milder than its yellow one. Returns the changes logged."""
    if not permissions.may_change_thresholds(user):
        raise NotPermitted(_("Only the city admin changes the thresholds."))
    current = thresholds_in_force()
    wanted = dict(current)
    errors = []
    for key, raw in values.items():
        parameter = rules.PARAMETER_BY_KEY.get(key)
        if parameter is None:
            errors.append({"field": key, "message": _("Unknown threshold %s.") % key})
            continue
        value, problem = _checked_value(parameter, raw)
        if problem:
            errors.append({"field": key, "message": problem})
        else:
            wanted[key] = value
    if not errors:
        errors = _order_errors(wanted)
    if errors:
        raise InvalidInput(" ".join(e["message"] for e in errors), details=errors)
    changes = []
    with transaction.atomic():
        for key, value in wanted.items():
            if value == current[key]:
                continue
            Threshold.objects.update_or_create(
                key=key, defaults={"value": value, "updated_by": user}
            )
            changes.append(
                ThresholdChange.objects.create(
                    key=key, old_value=current[key], new_value=value, user=user
                )
            )
    return changes


def snapshot_take(*, month, kelurahan=None, user=None, replace=None):
    """The snapshot of ``month`` (a date in it, or "YYYY-MM") for every
    kelurahan, or one: its indicators and levels at the month's end (today for
    the current month). A complete month's snapshot is kept once taken; the
    current month's is refreshed. A month in the future is refused."""
    first = parse_month(month) if isinstance(month, str) else month.replace(day=1)
    now = today()
    if first > now:
        raise InvalidInput(
            _("%(month)s is in the future; the last month to report on is %(now)s.")
            % {"month": f"{first:%Y-%m}", "now": f"{now:%Y-%m}"}
        )
    as_of = min(month_end(first), now)
    complete = month_end(first) < now
    if replace is None:
        replace = not complete
    places = [kelurahan] if kelurahan else list(Kelurahan.objects.defer("geom"))
    existing = {
        s.kelurahan_id: s
        for s in Snapshot.objects.filter(month=first, kelurahan__in=places)
    }
    todo = [k for k in places if replace or k.pk not in existing]
    taken = []
    if todo:
        thresholds = thresholds_in_force()
        ids = None if kelurahan is None else (kelurahan.pk,)
        units = indicators.compute(indicators.Scope(as_of, ids), thresholds)
        rts = _rts(todo)
        with transaction.atomic():
            for k in todo:
                status = _kelurahan(k, rts, units, thresholds, as_of, public=False)
                data = {**status.as_dict(), "thresholds": thresholds}
                snap, _created = Snapshot.objects.update_or_create(
                    kelurahan=k,
                    month=first,
                    defaults={
                        "as_of": as_of,
                        "data": data,
                        "taken_by": user if user and user.pk else None,
                    },
                )
                taken.append(snap)
    if kelurahan is None:
        nearest.sweep()  # the monthly run tidies the distances kept
    kept = [existing[k.pk] for k in places if k not in todo]
    return taken, kept


def _checked_day(as_of):
    now = today()
    as_of = as_of or now
    if as_of > now:
        raise InvalidInput(
            _("%(day)s is in the future; the status is known up to today, %(now)s.")
            % {"day": as_of.isoformat(), "now": now.isoformat()}
        )
    return as_of


def _rts(places):
    rts = (
        RT.objects.filter(rw__kelurahan__in=places)
        .select_related("rw")
        .defer("geom", "rw__geom")
        .order_by("code")
    )
    grouped = {}
    for rt in rts:
        grouped.setdefault(rt.rw.kelurahan_id, []).append(rt)
    return grouped


def _kelurahan(kelurahan, rts, units, thresholds, as_of, public):
    statuses = []
    for rt in rts.get(kelurahan.pk, []):
        values = units.get((indicators.RT, rt.pk)) or indicators.blank()
        level, fired = rules.judge(values, thresholds)
        if public:
            values = suppressed(values)
            fired = [f for f in fired if f.code not in PRIVATE_RULE_VALUES] + [
                _without_value(f) for f in fired if f.code in PRIVATE_RULE_VALUES
            ]
        statuses.append(RTStatus(rt, level, fired, values))
    own = units.get((indicators.KELURAHAN, kelurahan.pk)) or indicators.blank()
    return KelurahanStatus(
        kelurahan, as_of, statuses, suppressed(own) if public else own, public
    )


# Rules whose value is a count of records: the public reads the sentence of
# the rule, not how many there are (a count under five points at a place).
PRIVATE_RULE_VALUES = {"illegal_dump_open", "idle_land_unverified"}


def _without_value(fired):
    rule = rules.RULE_BY_CODE[fired.code]
    return rules.Fired(fired.code, fired.level, None, fired.threshold, str(rule.title))


def typed_number(raw):
    """A number as a person types it: 1.500 or 12,5 in Indonesian, 1,500 or
    12.5 in English. With both marks the last is the decimal one; a single
    mark not followed by three digits is a decimal mark in either language
    (47,5 or 12.5); followed by three, the page's language decides (1.500 is
    1500 in Indonesian, 1.5 in English); repeated, it groups thousands."""
    text = str(raw).strip().replace(" ", "")
    marks = [c for c in text if c in ",."]
    if len(set(marks)) == 2:
        mark = text[max(text.rfind(","), text.rfind("."))]
        whole, _sep, fraction = text.rpartition(mark)
        return float(whole.replace(",", "").replace(".", "") + "." + fraction)
    if len(marks) == 1:
        mark = marks[0]
        decimal = len(text.split(mark)[1]) != 3 or mark == get_format(
            "DECIMAL_SEPARATOR"
        )
        return float(text.replace(mark, "." if decimal else ""))
    return float(text.replace(",", "").replace(".", "") if marks else text)


def _checked_value(parameter, raw):
    try:
        value = typed_number(raw)
    except ValueError:
        return None, _("%(label)s: %(raw)s is not a number.") % {
            "label": parameter.label,
            "raw": raw,
        }
    if value != value or value in (float("inf"), float("-inf")):
        return None, _("%(label)s: %(raw)s is not a number.") % {
            "label": parameter.label,
            "raw": raw,
        }
    if parameter.kind == rules.SHARE and not 0 <= value <= 100:
        return None, _(
            "%(label)s: a share lies between 0 and 100 %%, not %(v)s %%."
        ) % {
            "label": parameter.label,
            "v": rules.said(value),
        }
    if parameter.kind == rules.METRES and value <= 0:
        return None, _("%(label)s: a distance must be more than 0 m, not %(v)s m.") % {
            "label": parameter.label,
            "v": rules.said(value),
        }
    if parameter.kind in (rules.DAYS, rules.COUNT, rules.YEARS):
        if value < 0 or not value.is_integer():
            return None, _(
                "%(label)s: give a whole number of 0 or more, not %(v)s."
            ) % {
                "label": parameter.label,
                "v": rules.said(value),
            }
        if parameter.kind == rules.YEARS and value == 0:
            return None, _("%(label)s: at least 1 year.") % {"label": parameter.label}
        if parameter.key == "survey.coverage_months" and value == 0:
            return None, _("%(label)s: at least 1 month.") % {"label": parameter.label}
    return value, None


def _order_errors(wanted):
    errors = []
    for yellow_key, red_key, direction in rules.ORDERED_PAIRS:
        yellow, red = wanted[yellow_key], wanted[red_key]
        labels = {
            "red": rules.PARAMETER_BY_KEY[red_key].label,
            "yellow": rules.PARAMETER_BY_KEY[yellow_key].label,
            "r": rules._num(red),
            "y": rules._num(yellow),
        }
        if direction == rules.BELOW and red > yellow:
            errors.append(
                {
                    "field": red_key,
                    "message": _(
                        "%(red)s (%(r)s %%) must not be above %(yellow)s (%(y)s %%): "
                        "red is the worse level."
                    )
                    % labels,
                }
            )
        if direction == rules.ABOVE and red < yellow:
            errors.append(
                {
                    "field": red_key,
                    "message": _(
                        "%(red)s (%(r)s %%) must not be below %(yellow)s (%(y)s %%): "
                        "red is the worse level."
                    )
                    % labels,
                }
            )
    return errors


def previous_month(first):
    return (first - timedelta(days=1)).replace(day=1)
