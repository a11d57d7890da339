"""Small-count suppression for the public: a count of 1–4 households or
records is withheld (None), and so is a share or median drawn from it or
from fewer than five households, since "2 of 3 households burn their waste"
points at neighbours. Zeros stay: they say nothing about anyone. A withheld
value reads SUPPRESSED ("<5") wherever it is shown, so nobody takes it for a
missing one."""

from .indicators import COUNT_DEFAULTS

MIN_PUBLIC_COUNT = 5
SUPPRESSED = "<5"

# share → (numerator, denominator) it is drawn from
SHARES = {
    "coverage_pct": ("households_surveyed_recent", "households"),
    "sorting_pct": ("sorting", "sorting_answered"),
    "burning_pct": ("burning", "disposal_answered"),
    "no_septic_pct": ("no_septic", "septic_answered"),
    "desludging_overdue_pct": ("desludging_overdue", "with_septic_tank"),
    "far_pct": ("far", "households"),
}
# Figures about the spread of single homes.
FROM_HOUSEHOLDS = {
    "distance_median_m": "distance_measured",
    "distance_mean_m": "distance_measured",
    "distance_max_m": None,
}
# Not about people: land and facilities are public records.
PUBLIC_AS_IS = {
    "facilities",
    "idle_pct",
    "idle_ha",
    "plots",
    "plots_oldest_unverified_days",
    "dumps_oldest_open_days",
    "dumps_days_to_clear_avg",
}


def is_small(value):
    return isinstance(value, int) and 0 < value < MIN_PUBLIC_COUNT


def suppressed(values):
    """A copy of an indicator dict fit for the public."""
    out = dict(values)
    for key, value in values.items():
        if value is None or key in PUBLIC_AS_IS or key.startswith("idle_ha_"):
            continue
        if key in SHARES:
            part, whole = SHARES[key]
            small_whole = (values[whole] or 0) < MIN_PUBLIC_COUNT
            if is_small(values[part]) or small_whole:
                out[key] = SUPPRESSED
        elif key in FROM_HOUSEHOLDS:
            whole = FROM_HOUSEHOLDS[key]
            if key == "distance_max_m" or (values[whole] or 0) < MIN_PUBLIC_COUNT:
                out[key] = SUPPRESSED  # the farthest home is one home
        elif key in COUNT_DEFAULTS and is_small(value):
            out[key] = SUPPRESSED
    return out
