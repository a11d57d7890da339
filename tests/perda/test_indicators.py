"""The indicator SQL on crafted data: distances in metres, what counts for an
RT, a kelurahan and the city, and the KNN index behind the distance."""

import pytest
from django.db import connection

from households.models import WasteDisposal
from perda import indicators, selectors
from perda.services import city_status, kelurahan_status, thresholds_in_force, today
from spatial.models import Role
from spatial.permissions import stand_in
from waste.models import Kind, Status

from .places import facility, households, plot

pytestmark = pytest.mark.django_db
PLANNER = stand_in(Role.PLANNER)


def rt_values(kelurahan, rt):
    status = kelurahan_status(user=PLANNER, kelurahan=kelurahan)
    return next(r.indicators for r in status.rts if r.rt.pk == rt.pk)


def test_distance_to_the_nearest_facility_is_in_metres(kelurahan, rt):
    """A TPS 300 m east and 400 m north of a household in UTM 48S is 500 m away
    as drawn; on the spheroid it is 500 m times UTM's scale factor here
    (0.99961 at 30 km from the central meridian, so 500.2 m). A bank sampah
    farther off and an inactive TPS nearer change nothing."""
    households(rt, 1, at=(100, 100))
    facility(kelurahan, 400, 500, kind=Kind.TPS)
    facility(kelurahan, 1500, 1500, kind=Kind.BANK_SAMPAH)
    facility(kelurahan, 110, 110, kind=Kind.TPS, status=Status.INACTIVE)
    facility(kelurahan, 120, 120, kind=Kind.COMPOSTING)
    values = rt_values(kelurahan, rt)
    metres = _nearest_metres(kelurahan, rt)
    assert metres == pytest.approx(500.2, abs=0.1)
    assert values["distance_median_m"] == 500
    assert values["distance_measured"] == 1
    assert values["far"] == 1  # 500.2 m is farther than 500 m


def _nearest_metres(kelurahan, rt):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Distance(w.geom::geography, h.geom::geography) "
            "FROM households_household h, waste_wastepoint w "
            "WHERE w.kind = 'tps' AND w.status = 'active' AND h.rt_id = %s",
            [rt.pk],
        )
        return cursor.fetchone()[0]


def test_a_household_farther_than_the_distance_or_with_no_facility_is_far(
    kelurahan, rt, rt2
):
    households(rt, 2, at=(100, 100))
    households(rt2, 1, at=(900, 100))
    facility(kelurahan, 100, 700)  # 600 m north of the first two
    values = rt_values(kelurahan, rt)
    assert (values["far"], values["far_pct"]) == (2, 100.0)
    far = selectors.far_households(
        indicators.query_params(
            indicators.Scope(today(), (kelurahan.pk,)), thresholds_in_force()
        ),
        rt_id=rt.pk,
    )
    assert [round(h["metres"]) for h in far] == [600, 600]
    assert "head_name" not in far[0]


def test_with_no_facility_at_all_every_household_is_far(kelurahan, rt):
    households(rt, 5)
    values = rt_values(kelurahan, rt)
    assert (values["far"], values["distance_measured"]) == (5, 0)
    assert values["distance_median_m"] is None


def test_kelurahan_and_city_figures_are_their_households_not_averages(
    kelurahan, rt, rt2, other_rt, other_kelurahan
):
    households(rt, 1, waste_sorted=True)
    households(rt2, 3, waste_sorted=False, waste_disposal=WasteDisposal.BURNED)
    households(other_rt, 4, waste_sorted=True, at=(2100, 100))
    status = city_status(user=PLANNER)
    by_slug = {k.kelurahan.slug: k for k in status.kelurahan}
    # 1 of 4, not the mean of 100 % and 0 %.
    assert by_slug["rejomulyo"].indicators["sorting_pct"] == 25.0
    assert by_slug["rejomulyo"].indicators["burning"] == 3
    assert status.indicators["households"] == 8
    assert status.indicators["sorting_pct"] == 62.5


def test_a_plot_outside_every_rt_counts_for_its_kelurahan(kelurahan, rt):
    plot(rt, box=(1200, 1200, 1300, 1300), status="verified")
    from landuse.models import IdlePlot

    IdlePlot.objects.update(rt=None)
    status = kelurahan_status(user=PLANNER, kelurahan=kelurahan)
    assert status.indicators["idle_ha"] == pytest.approx(1.0, abs=0.01)
    assert status.rts[0].indicators["idle_ha"] == 0.0
    # 1 ha of the kelurahan's 400 ha.
    assert status.indicators["idle_pct"] == pytest.approx(0.25, abs=0.01)


def test_households_surveyed_after_the_day_are_left_out(kelurahan, rt):
    from datetime import timedelta

    households(rt, 2, survey_date=today() - timedelta(days=400))
    households(rt, 3, survey_date=today() - timedelta(days=10))
    now = rt_values(kelurahan, rt)
    assert (now["households"], now["households_surveyed_recent"]) == (5, 3)
    assert now["coverage_pct"] == 60.0
    before = kelurahan_status(
        user=PLANNER, kelurahan=kelurahan, as_of=today() - timedelta(days=100)
    )
    assert before.rts[0].indicators["households"] == 2


def test_the_distance_search_can_use_the_knn_index(kelurahan, rt):
    """With sequential scans priced out (a test database is too small for the
    planner to bother), the plan orders facilities by <-> on the partial
    geography index; bench/bench_perda.py shows it is chosen at full size."""
    households(rt, 3)
    facility(kelurahan, 300, 300)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = indicators.explain_distance(indicators.Scope(today(), (kelurahan.pk,)))
    assert "perda_facility_geog_knn" in plan
    assert "Order By" in plan


def test_the_number_of_queries_does_not_grow_with_the_rts(kelurahan, rt, rt2):
    """One pass per indicator family over all RTs, never a query per RT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RTFactory, utm_box

    households(rt, 2)
    households(rt2, 2, at=(600, 100))

    def queries():
        kelurahan_status(user=PLANNER, kelurahan=kelurahan)  # warm caches
        with CaptureQueriesContext(connection) as captured:
            kelurahan_status(user=PLANNER, kelurahan=kelurahan)
        return len(captured)

    two = queries()
    for n in range(3, 7):
        more = RTFactory(
            rw=rt.rw, number=n, geom=utm_box(100 * n, 600, 100 * n + 90, 690)
        )
        households(more, 3, at=(100 * n + 10, 610))
    assert queries() == two


def nearest_of(household):
    from perda.models import NearestFacility

    row = NearestFacility.objects.get(household=household)
    return row.facility_id, round(row.metres)


def test_kept_distances_follow_moves_and_new_closed_or_moved_facilities(kelurahan, rt):
    """The nearest facility is kept per household and redone only for what
    changed: each change below must show in the next status."""
    from perda import nearest
    from tests.factories import utm_point

    (home,) = households(rt, 1, at=(100, 100))
    far_tps = facility(kelurahan, 100, 900)
    nearest.refresh()
    assert nearest_of(home) == (far_tps.pk, 800)
    home.geom = utm_point(100, 300)
    home.save()
    nearest.refresh()
    assert nearest_of(home) == (far_tps.pk, 600)
    bank = facility(kelurahan, 100, 400, kind=Kind.BANK_SAMPAH)
    nearest.refresh()
    assert nearest_of(home) == (bank.pk, 100)
    bank.geom = utm_point(100, 500)
    bank.save()
    nearest.refresh()
    assert nearest_of(home) == (bank.pk, 200)
    bank.status = Status.INACTIVE
    bank.save()
    values = rt_values(kelurahan, rt)
    assert nearest_of(home) == (far_tps.pk, 600)
    assert values["far"] == 1


def test_rows_of_deleted_households_are_ignored_then_swept(kelurahan, rt):
    from perda import nearest
    from perda.models import NearestFacility

    gone, _kept = households(rt, 2)
    facility(kelurahan, 150, 150)
    nearest.refresh()
    gone.delete()
    assert rt_values(kelurahan, rt)["distance_measured"] == 1
    assert nearest.sweep() == 1
    assert NearestFacility.objects.count() == 1


def test_the_mean_distance_adds_up_to_the_kelurahan(kelurahan, rt, rt2):
    """A median does not add up, so the kelurahan and the city get the mean
    distance of all their households; an RT gets both."""
    households(rt, 2, at=(100, 300))  # 200 m from the TPS
    households(rt2, 1, at=(600, 100))  # 500 m from it, in a straight line
    facility(kelurahan, 100, 100)
    status = kelurahan_status(user=PLANNER, kelurahan=kelurahan)
    assert status.rts[0].indicators["distance_median_m"] == 200
    assert status.indicators["distance_median_m"] is None
    assert status.indicators["distance_mean_m"] == pytest.approx(300, abs=1)
