"""Who uploads rasters, sees their tiles and reviews candidates, per role; and
``visible`` on rasters answers as ``may_see_rasters`` does."""

import pytest
from django.contrib.auth.models import AnonymousUser

from rasters.models import Raster
from spatial import permissions
from spatial.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# role: (uploads, sees, reviews) for the lurah's own kelurahan
OWN = {
    "admin": (True, True, True),
    "lurah": (True, True, True),
    "surveyor": (False, True, False),
    "planner": (False, True, False),
    "granted_planner": (False, True, False),
}


def rasters_of(kelurahan):
    return Raster(
        kelurahan=kelurahan,
        kind="ndvi",
        name="n.tif",
        path="x",
        sha256="0" * 64,
        size_bytes=1,
        footprint=kelurahan.geom[0],
        crs="",
        width=2,
        height=2,
        bands=1,
        dtype="float32",
        resolution_m=1,
    )


@pytest.mark.parametrize("role", OWN)
def test_each_role_in_its_own_kelurahan(users, kelurahan, role):
    user = users[role]
    uploads, sees, reviews = OWN[role]
    assert permissions.may_upload_raster(user, kelurahan) is uploads
    assert permissions.may_see_rasters(user, kelurahan) is sees
    assert permissions.may_review_candidates(user, kelurahan) is reviews


def test_a_lurah_has_no_say_in_another_kelurahan(kelurahan, other_kelurahan):
    lurah = UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
    assert not permissions.may_upload_raster(lurah, kelurahan)
    assert not permissions.may_see_rasters(lurah, kelurahan)
    assert not permissions.may_review_candidates(lurah, kelurahan)


def test_the_public_gets_nothing(kelurahan):
    public = AnonymousUser()
    assert not permissions.may_upload_raster(public, kelurahan)
    assert not permissions.may_see_rasters(public, kelurahan)
    assert not permissions.may_review_candidates(public, kelurahan)


@pytest.mark.parametrize("role", [*OWN, "other lurah", "public"])
def test_visible_rasters_agree_with_may_see_rasters(
    users, kelurahan, other_kelurahan, role
):
    user = {
        "other lurah": lambda: UserFactory(
            role=Role.LURAH, role__kelurahan=other_kelurahan
        ),
        "public": AnonymousUser,
    }.get(role, lambda: users[role])()
    raster = rasters_of(kelurahan)
    raster.save()
    seen = permissions.visible(user, Raster.objects.all()).filter(pk=raster.pk)
    assert seen.exists() is permissions.may_see_rasters(user, kelurahan)
