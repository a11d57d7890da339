import pytest
from django.core.exceptions import ValidationError

from tests.factories import utm_point
from waste.models import Kind, Status, WastePoint

pytestmark = pytest.mark.django_db


def point(kelurahan, **fields):
    return WastePoint(kelurahan=kelurahan, geom=utm_point(50, 50), **fields)


def test_facility_cannot_be_reported_like_an_illegal_spot(kelurahan):
    with pytest.raises(ValidationError, match="can be active, inactive, not reported"):
        point(kelurahan, kind=Kind.TPS, status=Status.REPORTED).full_clean()


def test_illegal_spot_follows_reported_verified_cleared(kelurahan):
    point(kelurahan, kind=Kind.ILLEGAL_DUMPING, status=Status.VERIFIED).full_clean()
    with pytest.raises(
        ValidationError, match="can be reported, verified, cleared, not active"
    ):
        point(kelurahan, kind=Kind.OPEN_BURNING, status=Status.ACTIVE).full_clean()


def test_cleared_before_reported_is_rejected(kelurahan):
    wp = point(
        kelurahan,
        kind=Kind.ILLEGAL_DUMPING,
        status=Status.CLEARED,
        reported_on="2022-05-01",
        cleared_on="2022-04-01",
    )
    with pytest.raises(ValidationError, match="cleared before it was reported"):
        wp.full_clean()


def test_point_outside_its_kelurahan_is_rejected(kelurahan):
    wp = WastePoint(
        kelurahan=kelurahan,
        geom=utm_point(2500, 50),
        kind=Kind.TPS,
        status=Status.ACTIVE,
    )
    with pytest.raises(ValidationError, match="outside Kelurahan Rejomulyo"):
        wp.full_clean()
