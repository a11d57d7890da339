import pytest

from households.models import Household
from landuse.models import IdlePlot
from spatial import permissions
from spatial.models import RT, Kelurahan
from tests.factories import (
    HouseholdFactory,
    IdlePlotFactory,
    WastePointFactory,
    utm_box,
    utm_point,
)
from waste.models import Kind, Status, WastePoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, household, plot, other_rt):
    from django.contrib.auth.models import AnonymousUser

    other = other_rt.rw.kelurahan
    return {
        **users,
        "public": AnonymousUser(),
        "household": household,
        "plot": plot,
        "other_household": HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100)),
        "other_plot": IdlePlotFactory(
            kelurahan=other, status="reported", geom=utm_box(2100, 100, 2150, 150)
        ),
    }


def visible_ids(user, model):
    return set(
        permissions.visible(user, model.objects.all()).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("admin", True, True),
        ("lurah", True, False),
        ("surveyor", True, False),
        ("planner", True, True),
        ("public", False, False),
    ],
)
def test_who_sees_households(world, who, own, other):
    seen = visible_ids(world[who], Household)
    assert (world["household"].pk in seen, world["other_household"].pk in seen) == (
        own,
        other,
    )


def test_public_sees_verified_plots_and_facilities_only(world, kelurahan):
    WastePointFactory(
        kelurahan=kelurahan, kind=Kind.ILLEGAL_DUMPING, status=Status.REPORTED
    )
    facility = WastePointFactory(kelurahan=kelurahan)
    assert visible_ids(world["public"], IdlePlot) == {world["plot"].pk}
    assert visible_ids(world["public"], WastePoint) == {facility.pk}


def test_boundaries_are_public(world):
    assert visible_ids(world["public"], Kelurahan) == set(
        Kelurahan.objects.values_list("pk", flat=True)
    )
    assert len(visible_ids(world["public"], RT)) == 2


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("admin", True, True),
        ("lurah", True, False),
        ("surveyor", False, False),
        ("planner", False, False),
        ("public", False, False),
    ],
)
def test_who_changes_plots(world, who, own, other):
    user = world[who]
    assert permissions.may_change(user, world["plot"]) is own
    assert permissions.may_change(user, world["other_plot"]) is other


@pytest.mark.parametrize(
    ("who", "household", "plot", "rt"),
    [
        ("admin", True, True, True),
        ("lurah", True, True, False),
        ("surveyor", True, False, False),
        ("planner", False, False, False),
        ("public", False, False, False),
    ],
)
def test_who_adds_what_in_their_kelurahan(world, kelurahan, who, household, plot, rt):
    user = world[who]
    assert permissions.may_add(user, Household, kelurahan) is household
    assert permissions.may_add(user, IdlePlot, kelurahan) is plot
    assert permissions.may_add(user, RT, kelurahan) is rt


def test_nobody_but_admin_adds_outside_their_kelurahan(world, other_kelurahan):
    assert [
        who
        for who in ("admin", "lurah", "surveyor", "planner", "public")
        if permissions.may_add(world[who], Household, other_kelurahan)
    ] == ["admin"]


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("admin", set(), set()),
        ("lurah", set(), {"head_name", "kk_numbers", "address"}),
        (
            "surveyor",
            {"head_name", "kk_numbers", "address"},
            {"head_name", "kk_numbers", "address"},
        ),
        (
            "planner",
            {"head_name", "kk_numbers", "address"},
            {"head_name", "kk_numbers", "address"},
        ),
        ("granted_planner", set(), set()),
        (
            "public",
            {"head_name", "kk_numbers", "address"},
            {"head_name", "kk_numbers", "address"},
        ),
    ],
)
def test_personal_fields_hidden_per_role(
    world, kelurahan, other_kelurahan, who, own, other
):
    user = world[who]
    assert permissions.hidden_fields(user, Household, kelurahan.pk) == own
    assert permissions.hidden_fields(user, Household, other_kelurahan.pk) == other


def test_plot_owner_is_personal(world, kelurahan):
    assert permissions.hidden_fields(world["planner"], IdlePlot, kelurahan.pk) == {
        "owner_name"
    }


def test_inactive_user_is_public(world):
    world["admin"].is_active = False
    assert permissions.role_of(world["admin"]) is None


def test_the_list_of_uploads_agrees_with_who_may_open_one(world, other_kelurahan):
    """viewable_imports (the list) and may_view_import (one upload) are two
    answers to one question; every role gets the same answer from both."""
    from surveys.models import SurveyImport
    from tests.factories import UserFactory

    def upload(user, kelurahan):
        return SurveyImport.objects.create(
            user=user, layer="households", kelurahan=kelurahan, sha256="0" * 64
        )

    other_surveyor = UserFactory(role="surveyor", role__kelurahan=other_kelurahan)
    uploads = [
        upload(world["surveyor"], world["household"].kelurahan),
        upload(world["lurah"], world["household"].kelurahan),
        upload(other_surveyor, other_kelurahan),
        upload(None, other_kelurahan),
    ]
    for who in ("admin", "lurah", "surveyor", "planner", "public"):
        user = world[who]
        listed = set(
            permissions.viewable_imports(user, SurveyImport.objects.all()).values_list(
                "pk", flat=True
            )
        )
        allowed = {u.pk for u in uploads if permissions.may_view_import(user, u)}
        assert listed == allowed, who
    assert (
        len(permissions.viewable_imports(world["lurah"], SurveyImport.objects.all()))
        == 2
    )
