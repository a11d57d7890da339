import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import ValidationError

from spatial.models import RT
from tests.factories import X0, Y0, KelurahanFactory, RTFactory, RWFactory, utm_box

pytestmark = pytest.mark.django_db


def test_area_is_measured_in_metres():
    """A 1,000 m × 500 m rectangle drawn in UTM 48S has 50 ha, whatever the
    storage in degrees."""
    kel = KelurahanFactory(geom=utm_box(0, 0, 1000, 500))
    kel.refresh_from_db()
    assert kel.area_m2 == pytest.approx(500_000, rel=1e-6)
    assert kel.area_ha == pytest.approx(50, rel=1e-6)


def test_rt_inside_its_rw_passes(rt):
    rt.full_clean()


def test_rt_outside_its_rw_is_rejected_with_names_and_distance(rt):
    stray = RT(
        rw=rt.rw,
        number=9,
        name="RT 009",
        code="x.009",
        slug="rt-009",
        geom=utm_box(900, 0, 1200, 300),
    )
    with pytest.raises(
        ValidationError, match=r"RT 009/RW 001 lies outside RW 001 .* 200 m beyond"
    ):
        stray.full_clean()


def test_edge_within_tolerance_counts_as_inside(rt, settings):
    settings.WAKUNCAR_TOPOLOGY_TOLERANCE_M = 2.0
    nudged = RT(
        rw=rt.rw,
        number=8,
        name="RT 008",
        code="x.008",
        slug="rt-008",
        geom=utm_box(500, 0, 1001, 500),
    )
    nudged.full_clean()


def test_overlapping_sibling_is_rejected(rt):
    overlapping = RT(
        rw=rt.rw,
        number=2,
        name="RT 002",
        code="x.002",
        slug="rt-002",
        geom=utm_box(400, 0, 900, 500),
    )
    with pytest.raises(ValidationError, match=r"overlaps RT 001/RW 001 .* by 50000 m²"):
        overlapping.full_clean()


def test_sibling_wholly_inside_another_counts_as_overlap(rt):
    inner = RT(
        rw=rt.rw,
        number=3,
        name="RT 003",
        code="x.003",
        slug="rt-003",
        geom=utm_box(100, 100, 200, 200),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        inner.full_clean()


def test_neighbours_sharing_an_edge_do_not_overlap(rt):
    RT(
        rw=rt.rw,
        number=4,
        name="RT 004",
        code="x.004",
        slug="rt-004",
        geom=utm_box(500, 0, 1000, 500),
    ).full_clean()


def test_bow_tie_boundary_is_rejected_with_the_reason(rt):
    ring = [(X0, Y0), (X0 + 400, Y0 + 400), (X0 + 400, Y0), (X0, Y0 + 400), (X0, Y0)]
    bow_tie = MultiPolygon(Polygon(ring), srid=32748)
    bow_tie.transform(4326)
    unit = RT(
        rw=rt.rw, number=5, name="RT 005", code="x.005", slug="rt-005", geom=bow_tie
    )
    with pytest.raises(ValidationError, match="invalid boundary.*Self-intersection"):
        unit.full_clean()


def test_rw_overlapping_across_kelurahan_is_not_a_sibling_clash(other_rt, rt):
    """Siblings are units of the same parent only."""
    rw = RWFactory.build(
        kelurahan=rt.rw.kelurahan,
        number=7,
        code="y.007",
        geom=utm_box(1000, 1000, 1500, 1500),
    )
    rw.full_clean()


def test_labels_name_the_place(rt):
    assert rt.label() == "RT 001/RW 001 Rejomulyo"
    assert str(RTFactory.build(rw=rt.rw, number=12)) == "RT 012/RW 001"
