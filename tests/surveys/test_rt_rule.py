"""RT assignment and the RT-mismatch flag exist twice: in Python for one
household (Household._check_inside_an_rt, through spatial.selectors) and in
SQL for a whole file (surveys.staging, households.survey_fields). These tests
hold the two to the same answer on every kind of point: inside an RT, on an
edge two RTs share, on the corner of four, in the kelurahan but in no RT, on
the boundary with a neighbouring kelurahan (whose code is lower or higher),
outside; and for a written RT/RW that is missing, partial, right or wrong."""

import pytest
from django.core.exceptions import ValidationError

from households.models import Household
from spatial.models import Kecamatan
from tests.factories import KelurahanFactory, RTFactory, RWFactory, utm_box, utm_point
from tests.surveys.fixtures import import_file, write_csv

pytestmark = pytest.mark.django_db

POINTS = {
    "inside RT 1": (100, 100),
    "edge of RT 1 and RT 2": (500, 100),
    "corner of RT 1-4": (500, 500),
    "in no RT": (1500, 1500),
    "edge with the neighbour": (2000, 250),
    "shared corner with the neighbour": (2000, 500),
    "corner with the neighbour": (2000, 0),
    "outside": (2600, 1800),
}
WRITTEN = [(None, None), (1, 1), (2, 1), (1, None), (None, 1), (1, 2), (None, 2)]


@pytest.fixture(params=["lower", "higher"])
def area(request, survey_area):
    """The survey area, an RT of it along its east edge, and a neighbour east
    of it whose code sorts ``lower`` or ``higher`` than Rejomulyo's."""
    east = RWFactory(kelurahan=survey_area, number=2, geom=utm_box(1000, 0, 2000, 1000))
    RTFactory(rw=east, number=1, geom=utm_box(1500, 0, 2000, 500))
    code = survey_area.code[:-4] + ("0999" if request.param == "lower" else "9999")
    neighbour = KelurahanFactory(
        kecamatan=Kecamatan.objects.get(),
        name="Margodadi",
        slug="margodadi",
        code=code,
        geom=utm_box(2000, 0, 4000, 2000),
    )
    rw = RWFactory(kelurahan=neighbour, number=1, geom=utm_box(2000, 0, 3000, 1000))
    RTFactory(rw=rw, number=1, geom=utm_box(2000, 0, 2500, 500))
    return survey_area


def exact(xy):
    """Latitude and longitude to the last bit (repr), so the file's point is
    the model's point, and a shared vertex of two boundaries is exactly on
    both."""
    point = utm_point(*xy)
    return repr(point.y), repr(point.x)


def by_python(xy, rt, rw):
    """What the model makes of one household at ``xy``: (its RT, its
    kelurahan, rt_mismatch), or None when it lies in no RT."""
    household = Household(
        geom=utm_point(*xy), head_name="X", reported_rt=rt, reported_rw=rw
    )
    try:
        household._check_inside_an_rt()
    except ValidationError:
        return None
    return household.rt, household.kelurahan_id, household.rt_mismatch


def test_python_and_sql_agree_on_every_case(area, tmp_path):
    cases = [(name, xy, rt, rw) for name, xy in POINTS.items() for rt, rw in WRITTEN]
    rows = [
        [f"{name}|{rt}|{rw}|{n}", *exact(xy), rt or "", rw or ""]
        for n, (name, xy, rt, rw) in enumerate(cases)
    ]
    path = write_csv(tmp_path / "rt.csv", ["nama", "lat", "lon", "rt", "rw"], rows)
    record = import_file(path, kelurahan=area)
    stored = {h.head_name: h for h in Household.objects.select_related("rt")}
    rejected = {e["row"] for e in record.report.as_json()["errors"]}
    assert record.report.as_json()["duplicate_rows"] == []
    checked = 0
    for n, (name, xy, rt, rw) in enumerate(cases):
        expected = by_python(xy, rt, rw)
        key = f"{name}|{rt}|{rw}|{n}"
        if expected is None or expected[1] != area.pk:
            # The model puts it in no RT, or in the neighbour's: the import of
            # Rejomulyo's file refuses it.
            assert key not in stored, key
            assert n + 2 in rejected, key
        else:
            household = stored[key]
            assert (household.rt, household.kelurahan_id, household.rt_mismatch) == (
                expected
            ), key
        checked += 1
    assert checked == len(POINTS) * len(WRITTEN) == 56
    # The cases are not all alike: some are imported, some refused, and both
    # values of the flag occur.
    assert {h.rt_mismatch for h in stored.values()} == {True, False}
    assert 0 < len(stored) < len(cases)


def test_a_point_the_map_gives_to_the_neighbour_names_it(survey_area, tmp_path):
    east = RWFactory(kelurahan=survey_area, number=2, geom=utm_box(1000, 0, 2000, 1000))
    RTFactory(rw=east, number=1, geom=utm_box(1500, 0, 2000, 500))
    neighbour = KelurahanFactory(
        kecamatan=Kecamatan.objects.get(),
        name="Margodadi",
        code=survey_area.code[:-4] + "0999",
        geom=utm_box(2000, 0, 4000, 2000),
    )
    rw = RWFactory(kelurahan=neighbour, number=1, geom=utm_box(2000, 0, 3000, 1000))
    RTFactory(rw=rw, number=1, geom=utm_box(2000, 0, 2500, 500))
    path = write_csv(
        tmp_path / "batas.csv", ["nama", "lat", "lon"], [["Batas", *exact((2000, 500))]]
    )
    record = import_file(path, kelurahan=survey_area, dry_run=True)
    assert record.report.as_json()["errors"] == [
        {
            "row": 2,
            "reason": "lies on the boundary of Kelurahan Rejomulyo and Kelurahan "
            "Margodadi, and by the map belongs to Kelurahan Margodadi",
        }
    ]
    assert record.report.as_json()["outside"] == 1
