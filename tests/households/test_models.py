import pytest
from django.core.exceptions import ValidationError

from households.models import Household
from tests.factories import RTFactory, utm_box, utm_point

pytestmark = pytest.mark.django_db


def household_at(x, y, **fields):
    defaults = {"head_name": "Sri Wahyuni", "kk_numbers": ["1872051203040005"]}
    return Household(geom=utm_point(x, y), **(defaults | fields))


def test_rt_is_assigned_from_the_location(rt):
    neighbour = RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))
    h = household_at(700, 250)
    h.full_clean()
    assert h.rt == neighbour
    assert h.kelurahan == rt.rw.kelurahan


def test_household_outside_every_rt_is_rejected_and_not_saved(rt):
    h = household_at(5000, 5000)
    with pytest.raises(ValidationError, match=r"lies outside every RT"):
        h.full_clean()
    assert not Household.objects.exists()


def test_written_rt_that_disagrees_with_the_map_is_flagged(rt):
    h = household_at(100, 100, reported_rt=4, reported_rw=1)
    h.full_clean()
    assert h.rt_mismatch is True


def test_written_rt_that_agrees_is_not_flagged(rt):
    h = household_at(100, 100, reported_rt=1, reported_rw=1)
    h.full_clean()
    assert h.rt_mismatch is False


@pytest.mark.parametrize(
    ("kk", "reason"),
    [
        ("18720512030400", "must be exactly 16 digits"),
        ("1872O51203040005", "must be exactly 16 digits"),
        ("0972051203040005", "province code"),
        ("1111111111111111", "placeholder"),
    ],
)
def test_malformed_no_kk_is_rejected_with_the_value(rt, kk, reason):
    h = household_at(100, 100, kk_numbers=["1872051203040005", kk])
    with pytest.raises(ValidationError, match=reason) as exc:
        h.full_clean()
    assert kk in str(exc.value)


def test_several_kk_on_one_household(rt):
    h = household_at(100, 100, kk_numbers=["1872051203040005", "1872051203040006"])
    h.full_clean()
    h.save()
    assert Household.objects.get().kk_numbers == [
        "1872051203040005",
        "1872051203040006",
    ]


def test_desludging_date_without_septic_tank_is_rejected(rt):
    h = household_at(100, 100, septic_tank=False, last_desludged="2022-01-05")
    with pytest.raises(ValidationError, match="desludging date but no septic tank"):
        h.full_clean()
