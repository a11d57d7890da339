"""The early-warning rules on crafted RTs, through the same status the
dashboard and perda_status use."""

import pytest

from households.models import Latrine, WasteDisposal
from perda.services import kelurahan_status
from spatial.models import Role
from spatial.permissions import stand_in
from waste.models import Kind, Status

from .places import days_ago, facility, households, plot, spot

pytestmark = pytest.mark.django_db
PLANNER = stand_in(Role.PLANNER)


def status_of(kelurahan, code, **kwargs):
    status = kelurahan_status(user=PLANNER, kelurahan=kelurahan, **kwargs)
    return next(r for r in status.rts if r.rt.code == code)


def fired(rt_status):
    return {f.code: f for f in rt_status.fired}


@pytest.fixture
def tidy_rt(rt, kelurahan):
    """Ten households that sort, use the service, have a septic tank and live
    next to a TPS: nothing to warn about."""
    households(
        rt,
        10,
        waste_sorted=True,
        waste_disposal=WasteDisposal.COLLECTED,
        latrine=Latrine.OWN,
        septic_tank=True,
        last_desludged=days_ago(100),
    )
    facility(kelurahan, 150, 150)
    return rt


def test_an_rt_where_every_household_sorts_is_not_warned_by_sorting_low(
    kelurahan, tidy_rt
):
    result = status_of(kelurahan, tidy_rt.code)
    assert result.indicators["sorting_pct"] == 100.0
    assert "sorting_low" not in fired(result)
    assert result.level == "green"


def test_one_dump_open_45_days_makes_the_rt_red(kelurahan, tidy_rt):
    spot(tidy_rt, reported_days_ago=45)
    result = status_of(kelurahan, tidy_rt.code)
    rule = fired(result)["illegal_dump_open"]
    assert (result.level, rule.level, rule.value, rule.threshold) == (
        "red",
        "red",
        45,
        30,
    )
    assert "45 days" in rule.message


def test_a_dump_open_ten_days_is_yellow_and_a_cleared_one_nothing(kelurahan, tidy_rt):
    spot(tidy_rt, reported_days_ago=10)
    spot(
        tidy_rt,
        reported_days_ago=90,
        status=Status.CLEARED,
        cleared_on=days_ago(50),
        kind=Kind.OPEN_BURNING,
    )
    result = status_of(kelurahan, tidy_rt.code)
    assert result.level == "yellow"
    assert fired(result)["illegal_dump_open"].value == 10
    assert result.indicators["dumps_open"] == 1
    assert result.indicators["dumps_cleared"] == 1


def test_a_spot_cleared_later_was_open_on_an_earlier_day(kelurahan, tidy_rt):
    spot(tidy_rt, reported_days_ago=80, status=Status.CLEARED, cleared_on=days_ago(5))
    assert status_of(kelurahan, tidy_rt.code).level == "green"
    earlier = status_of(kelurahan, tidy_rt.code, as_of=days_ago(20))
    assert fired(earlier)["illegal_dump_open"].value == 60
    assert earlier.level == "red"


def test_an_rt_without_households_reads_no_data(kelurahan, rt):
    result = status_of(kelurahan, rt.code)
    assert result.level == "no_data"
    assert result.fired == []
    assert result.indicators["households"] == 0
    assert result.indicators["sorting_pct"] is None
    assert result.indicators["far_pct"] is None


def test_too_few_surveyed_households_are_not_judged(kelurahan, rt):
    households(rt, 3, waste_sorted=False, waste_disposal=WasteDisposal.BURNED)
    result = status_of(kelurahan, rt.code)
    assert result.indicators["burning_pct"] == 100.0
    assert (result.level, result.fired) == ("no_data", [])


def test_a_dump_still_warns_in_an_rt_too_few_surveyed(kelurahan, rt):
    spot(rt, reported_days_ago=31)
    assert status_of(kelurahan, rt.code).level == "red"


@pytest.mark.parametrize(
    ("burning", "level"), [(1, "green"), (2, "yellow"), (3, "red")], ids=str
)
def test_burning_shares_against_the_thresholds(kelurahan, rt, burning, level):
    """Of 10 households: 10 % is not above 10 %, 20 % is, 30 % is above 25 %."""
    households(rt, burning, waste_disposal=WasteDisposal.BURNED, waste_sorted=True)
    households(
        rt, 10 - burning, waste_disposal=WasteDisposal.COLLECTED, waste_sorted=True
    )
    facility(kelurahan, 120, 120)
    result = status_of(kelurahan, rt.code)
    assert result.indicators["burning_pct"] == 10.0 * burning
    assert result.level == level


def test_latrines_without_a_septic_tank(kelurahan, tidy_rt):
    households(tidy_rt, 4, latrine=Latrine.SHARED, septic_tank=False, waste_sorted=True)
    households(tidy_rt, 2, latrine=Latrine.NONE, waste_sorted=True)
    result = status_of(kelurahan, tidy_rt.code)
    # 4 of the 14 with a latrine: 28.6 %, above 10 %, not above 30 %.
    assert result.indicators["no_septic_pct"] == 28.6
    assert fired(result)["no_septic"].level == "yellow"


def test_desludging_is_overdue_after_three_years(kelurahan, rt):
    households(
        rt, 2, latrine=Latrine.OWN, septic_tank=True, last_desludged=days_ago(2000)
    )
    households(rt, 1, latrine=Latrine.OWN, septic_tank=True)
    households(
        rt, 1, latrine=Latrine.OWN, septic_tank=True, last_desludged=days_ago(30)
    )
    values = status_of(kelurahan, rt.code).indicators
    assert (values["desludging_overdue"], values["with_septic_tank"]) == (3, 4)
    assert values["desludging_overdue_pct"] == 75.0


def test_a_plot_reported_61_days_ago_and_not_verified_is_yellow(kelurahan, tidy_rt):
    plot(tidy_rt, created_days_ago=61)
    plot(tidy_rt, box=(300, 300, 340, 330), created_days_ago=59)
    plot(tidy_rt, box=(200, 300, 240, 330), created_days_ago=200, status="verified")
    result = status_of(kelurahan, tidy_rt.code)
    rule = fired(result)["idle_land_unverified"]
    assert (result.level, rule.value, rule.threshold) == ("yellow", 1, 60)
    assert result.indicators["plots_oldest_unverified_days"] == 61


def test_a_plot_put_back_to_reported_waits_from_then(kelurahan, tidy_rt, users):
    """An edit that sets a rejected plot back to 'reported' restarts the wait:
    the revision history says when."""
    from landuse.models import IdlePlot
    from spatial.services.editing import feature_update

    made = plot(tidy_rt, created_days_ago=300, status="rejected")
    made.refresh_from_db()
    feature_update(
        user=users["admin"],
        model=IdlePlot,
        pk=made.pk,
        expected_version=made.version,
        attrs={"status": "reported"},
    )
    result = status_of(kelurahan, tidy_rt.code)
    assert "idle_land_unverified" not in fired(result)
    assert result.indicators["plots_reported"] == 1


def test_idle_land_share_of_the_rt_area(kelurahan, tidy_rt):
    # 5 % of the RT's 25 ha is 1.25 ha: a 120 m x 110 m plot (1.32 ha) is above.
    plot(tidy_rt, box=(300, 300, 420, 410), status="verified")
    result = status_of(kelurahan, tidy_rt.code)
    assert result.indicators["idle_ha"] == pytest.approx(1.32, abs=0.01)
    assert fired(result)["idle_land_share"].value == pytest.approx(5.3, abs=0.1)
    plot(tidy_rt, box=(0, 420, 30, 450), status="in_use")
    assert status_of(kelurahan, tidy_rt.code).indicators["idle_ha_in_use"] > 0
