"""The early-warning rules of Perda Kota Metro 1/2018, in the open: each has a
code, a plain sentence, the indicator it reads and the thresholds it compares
it with. The city admin changes the thresholds in the app (perda.models.
Threshold); the defaults below hold until they do.

An RT's level is the worst level of the rules that fired. Rules that read
household shares are not judged while fewer households than
``no_data.min_households`` have been surveyed; when nothing fired and too few
were surveyed the RT reads ``no_data``. A dump open for weeks or idle land left
unverified is a fact whatever the survey says, so those rules still fire."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

GREEN, YELLOW, RED, NO_DATA = "green", "yellow", "red", "no_data"
LEVELS = (GREEN, YELLOW, RED, NO_DATA)
SEVERITY = {NO_DATA: 0, GREEN: 1, YELLOW: 2, RED: 3}
LEVEL_LABELS = {
    GREEN: _("Green"),
    YELLOW: _("Yellow"),
    RED: _("Red"),
    NO_DATA: _("No data"),
}

SHARE, METRES, DAYS, COUNT, YEARS = "share", "metres", "days", "count", "years"
UNITS = {SHARE: "%", METRES: "m", DAYS: _("days"), COUNT: "", YEARS: _("years")}


@dataclass(frozen=True)
class Parameter:
    """One number the city admin may change."""

    key: str
    label: str
    default: float
    kind: str

    @property
    def unit(self):
        return UNITS[self.kind]


PARAMETERS = (
    Parameter(
        "no_data.min_households",
        _("Fewest surveyed households to judge an RT's shares"),
        5,
        COUNT,
    ),
    Parameter(
        "survey.coverage_months",
        _("A survey counts towards coverage for (months)"),
        12,
        COUNT,
    ),
    Parameter(
        "illegal_dump_open.red_days",
        _("An open dumping or burning spot turns red after"),
        30,
        DAYS,
    ),
    Parameter("sorting_low.yellow", _("Sorting waste: yellow below"), 50, SHARE),
    Parameter("sorting_low.red", _("Sorting waste: red below"), 25, SHARE),
    Parameter("burning_high.yellow", _("Burning waste: yellow above"), 10, SHARE),
    Parameter("burning_high.red", _("Burning waste: red above"), 25, SHARE),
    Parameter(
        "far_from_service.distance_m",
        _("A household is far from waste services beyond"),
        500,
        METRES,
    ),
    Parameter(
        "far_from_service.yellow", _("Far from services: yellow above"), 20, SHARE
    ),
    Parameter("far_from_service.red", _("Far from services: red above"), 50, SHARE),
    Parameter(
        "no_septic.yellow", _("Latrine without septic tank: yellow above"), 10, SHARE
    ),
    Parameter("no_septic.red", _("Latrine without septic tank: red above"), 30, SHARE),
    Parameter(
        "desludging.interval_years",
        _("A septic tank is due for desludging (Arseti) after"),
        3,
        YEARS,
    ),
    Parameter(
        "idle_land_unverified.days",
        _("A reported idle plot is overdue for verification after"),
        60,
        DAYS,
    ),
    Parameter(
        "idle_land_share.yellow",
        _("Idle land not in use: yellow above (share of the RT's area)"),
        5,
        SHARE,
    ),
)
PARAMETER_BY_KEY = {p.key: p for p in PARAMETERS}
DEFAULTS = {p.key: p.default for p in PARAMETERS}

# Pairs (yellow, red) whose order the admin may not reverse: for a "below"
# rule red lies below yellow, for an "above" rule above it.
BELOW, ABOVE = "below", "above"
ORDERED_PAIRS = (
    ("sorting_low.yellow", "sorting_low.red", BELOW),
    ("burning_high.yellow", "burning_high.red", ABOVE),
    ("far_from_service.yellow", "far_from_service.red", ABOVE),
    ("no_septic.yellow", "no_septic.red", ABOVE),
)


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    sentence: str
    indicator: str
    unit: str
    needs_households: bool


RULES = (
    Rule(
        "illegal_dump_open",
        _("Open illegal dumping or burning"),
        _(
            "An illegal dumping or open-burning spot is not cleared (yellow); "
            "one has been open more than %(red)s days (red)."
        ),
        "dumps_oldest_open_days",
        DAYS,
        False,
    ),
    Rule(
        "sorting_low",
        _("Few households sort their waste"),
        _(
            "Share of surveyed households sorting their waste is below "
            "%(yellow)s %% (yellow) or below %(red)s %% (red)."
        ),
        "sorting_pct",
        SHARE,
        True,
    ),
    Rule(
        "burning_high",
        _("Households burn their waste"),
        _(
            "Share of surveyed households burning their waste is above "
            "%(yellow)s %% (yellow) or above %(red)s %% (red)."
        ),
        "burning_pct",
        SHARE,
        True,
    ),
    Rule(
        "far_from_service",
        _("Households far from waste services"),
        _(
            "Share of households farther than %(distance)s m from the nearest "
            "TPS, TPS3R, TPST or bank sampah is above %(yellow)s %% (yellow) or "
            "above %(red)s %% (red)."
        ),
        "far_pct",
        SHARE,
        True,
    ),
    Rule(
        "no_septic",
        _("Latrines without a septic tank"),
        _(
            "Share of households with a latrine but no septic tank is above "
            "%(yellow)s %% (yellow) or above %(red)s %% (red)."
        ),
        "no_septic_pct",
        SHARE,
        True,
    ),
    Rule(
        "idle_land_unverified",
        _("Idle land waiting for verification"),
        _("An idle plot was reported more than %(days)s days ago and is not verified."),
        "plots_unverified_overdue",
        COUNT,
        False,
    ),
    Rule(
        "idle_land_share",
        _("Much idle land"),
        _("Idle land not yet in use covers more than %(yellow)s %% of the RT's area."),
        "idle_pct",
        SHARE,
        False,
    ),
)
RULE_BY_CODE = {r.code: r for r in RULES}


@dataclass(frozen=True)
class Fired:
    code: str
    level: str
    value: float
    threshold: float
    message: str

    def as_dict(self):
        return {
            "code": self.code,
            "level": self.level,
            "value": self.value,
            "threshold": self.threshold,
            "message": self.message,
        }


def judge(indicators, thresholds):
    """The level of one unit and the rules that fired, from its indicators (a
    dict as perda.indicators makes it) and the thresholds in force."""
    t = thresholds
    fired = []
    enough = indicators["households_surveyed"] >= t["no_data.min_households"]

    def fire(code, level, value, threshold, message):
        fired.append(Fired(code, level, _round(value), threshold, str(message)))

    open_spots = indicators["dumps_open"]
    oldest = indicators["dumps_oldest_open_days"]
    if open_spots:
        red_days = t["illegal_dump_open.red_days"]
        if oldest > red_days:
            fire(
                "illegal_dump_open",
                RED,
                oldest,
                red_days,
                _(
                    "%(n)s illegal dumping or burning spot(s) open, the oldest "
                    "for %(days)s days (more than %(limit)s)."
                )
                % {"n": open_spots, "days": oldest, "limit": said(red_days)},
            )
        else:
            fire(
                "illegal_dump_open",
                YELLOW,
                oldest,
                0,
                _(
                    "%(n)s illegal dumping or burning spot(s) not cleared, the "
                    "oldest for %(days)s days."
                )
                % {"n": open_spots, "days": oldest},
            )
    if enough:
        _share_rule(
            fire,
            "sorting_low",
            indicators["sorting_pct"],
            t,
            BELOW,
            _(
                "%(value)s %% of surveyed households sort their waste "
                "(%(cmp)s %(limit)s %%)."
            ),
        )
        _share_rule(
            fire,
            "burning_high",
            indicators["burning_pct"],
            t,
            ABOVE,
            _(
                "%(value)s %% of surveyed households burn their waste "
                "(%(cmp)s %(limit)s %%)."
            ),
        )
        distance = said(t["far_from_service.distance_m"])
        _share_rule(
            fire,
            "far_from_service",
            indicators["far_pct"],
            t,
            ABOVE,
            _(
                "%(value)s %% of households live farther than %(distance)s m from "
                "a TPS, TPS3R, TPST or bank sampah (%(cmp)s %(limit)s %%)."
            ),
            distance=distance,
        )
        _share_rule(
            fire,
            "no_septic",
            indicators["no_septic_pct"],
            t,
            ABOVE,
            _(
                "%(value)s %% of households with a latrine have no septic tank "
                "(%(cmp)s %(limit)s %%)."
            ),
        )
    overdue = indicators["plots_unverified_overdue"]
    if overdue:
        days = t["idle_land_unverified.days"]
        fire(
            "idle_land_unverified",
            YELLOW,
            overdue,
            days,
            _(
                "%(n)s idle plot(s) reported more than %(days)s days ago and not "
                "verified; the oldest waits %(oldest)s days."
            )
            % {
                "n": overdue,
                "days": said(days),
                "oldest": indicators["plots_oldest_unverified_days"],
            },
        )
    idle = indicators["idle_pct"]
    limit = t["idle_land_share.yellow"]
    if idle is not None and idle > limit:
        fire(
            "idle_land_share",
            YELLOW,
            idle,
            limit,
            _(
                "Idle land not yet in use covers %(value)s %% of the area "
                "(above %(limit)s %%)."
            )
            % {"value": said(idle), "limit": said(limit)},
        )
    if fired:
        level = max((f.level for f in fired), key=SEVERITY.get)
    else:
        level = GREEN if enough else NO_DATA
    return level, fired


def _share_rule(fire, code, value, t, direction, template, **extra):
    if value is None:
        return
    yellow, red = t[f"{code}.yellow"], t[f"{code}.red"]
    beyond = (
        (lambda v, limit: v < limit)
        if direction == BELOW
        else (lambda v, limit: v > limit)
    )
    cmp = _("below") if direction == BELOW else _("above")
    for level, limit in ((RED, red), (YELLOW, yellow)):
        if beyond(value, limit):
            message = template % {
                "value": said(value),
                "cmp": cmp,
                "limit": said(limit),
                **extra,
            }
            fire(code, level, value, limit, message)
            return


def rule_sentences(thresholds):
    """Each rule's code, title and sentence with the thresholds in force."""
    t = thresholds
    words = {
        "illegal_dump_open": {"red": said(t["illegal_dump_open.red_days"])},
        "idle_land_unverified": {"days": said(t["idle_land_unverified.days"])},
        "idle_land_share": {"yellow": said(t["idle_land_share.yellow"])},
        "far_from_service": {
            "distance": said(t["far_from_service.distance_m"]),
            "yellow": said(t["far_from_service.yellow"]),
            "red": said(t["far_from_service.red"]),
        },
    }
    for code in ("sorting_low", "burning_high", "no_septic"):
        words[code] = {
            "yellow": said(t[f"{code}.yellow"]),
            "red": said(t[f"{code}.red"]),
        }
    return [
        {
            "code": r.code,
            "title": str(r.title),
            "sentence": str(r.sentence % words[r.code]),
        }
        for r in RULES
    ]


def _round(value):
    return round(value, 1) if isinstance(value, float) else value


def _num(value):
    """A threshold or share as a number people write: 50, 12.5."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def said(value):
    """A number as the reader's language writes it in a sentence: 1.250 and
    12,5 in Indonesian, 1,250 and 12.5 in English."""
    return number_format(_num(value), force_grouping=True)
