"""Households on the map: the lurah corrects, moves and deletes them with the
same validation, locking and history as plots; a surveyor adds households and
waste points in their kelurahan and may change their own until the lurah
verifies them."""

import json

import pytest
from django.urls import reverse

from households.models import GpsSource, Household
from spatial.models import Revision, Role
from tests.factories import HouseholdFactory, UserFactory, utm_point
from waste.models import WastePoint

pytestmark = pytest.mark.django_db


def feature(point=None, **props):
    body = {"type": "Feature", "properties": props}
    if point is not None:
        body["geometry"] = json.loads(point.geojson)
    return body


def post(client, point, **props):
    return client.post(
        reverse("household-list"),
        feature(point, **props),
        content_type="application/json",
    )


def patch(client, pk, version, point=None, **props):
    return client.patch(
        reverse("household-detail", args=[pk]),
        feature(point, **props),
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def second_rt(rt):
    from tests.factories import RTFactory, utm_box

    return RTFactory(rw=rt.rw, number=2, geom=utm_box(500, 0, 1000, 500))


def test_lurah_corrects_and_moves_a_household_into_another_rt(
    client, users, household, second_rt
):
    lurah = as_user(client, users["lurah"])
    response = patch(lurah, household.pk, 1, utm_point(700, 100), members=6)
    assert response.status_code == 200, response.json()
    household.refresh_from_db()
    assert (household.members, household.rt, household.version) == (6, second_rt, 2)
    assert response["ETag"] == '"2"'
    revision = Revision.objects.get()
    assert (revision.action, revision.before["properties"]["members"]) == (
        "update",
        4,
    )


def test_moving_a_household_out_of_the_kelurahan_is_refused_and_saves_nothing(
    client, users, household, other_rt
):
    lurah = as_user(client, users["lurah"])
    response = patch(lurah, household.pk, 1, utm_point(2100, 100))
    assert response.status_code == 400
    detail = response.json()["details"][0]
    assert detail["code"] == "outside_kelurahan"
    assert "Margodadi" in detail["message"]
    household.refresh_from_db()
    assert (household.rt_id, household.version) == (household.rt_id, 1)
    assert household.kelurahan.slug == "rejomulyo"
    assert not Revision.objects.exists()


def test_moving_a_household_outside_every_rt_names_where(client, users, household):
    lurah = as_user(client, users["lurah"])
    response = patch(lurah, household.pk, 1, utm_point(1500, 1500))
    assert response.status_code == 400
    assert response.json()["details"][0]["code"] == "outside_rt"
    household.refresh_from_db()
    assert household.version == 1


def test_the_city_admin_moves_a_household_to_another_kelurahan(
    client, users, household, other_rt
):
    admin = as_user(client, users["admin"])
    assert patch(admin, household.pk, 1, utm_point(2100, 100)).status_code == 200
    household.refresh_from_db()
    assert (household.kelurahan, household.rt) == (other_rt.rw.kelurahan, other_rt)


def test_saving_an_old_version_is_a_conflict(client, users, household):
    lurah = as_user(client, users["lurah"])
    assert patch(lurah, household.pk, 1, members=5).status_code == 200
    response = patch(lurah, household.pk, 1, members=7)
    assert response.status_code == 409
    household.refresh_from_db()
    assert household.members == 5


def test_lurah_deletes_a_household_whose_personal_data_go_with_it(
    client, users, household
):
    """A deleted household's name, No. KK and address leave its history too
    (UU 27/2022), so it cannot be restored half-empty: the message says so."""
    lurah = as_user(client, users["lurah"])
    url = reverse("household-detail", args=[household.pk])
    assert lurah.delete(url).status_code == 428
    assert lurah.delete(url, HTTP_IF_MATCH='"1"').status_code == 204
    assert not Household.objects.exists()
    history = lurah.get(reverse("household-history", args=[household.pk])).json()
    assert household.head_name not in str(history)
    restored = lurah.post(
        reverse("household-restore", args=[household.pk]),
        {"revision": history[0]["id"]},
        content_type="application/json",
    )
    assert restored.status_code == 400
    assert "UU 27/2022" in restored.json()["message"]
    assert not Household.objects.exists()


def test_surveyor_adds_a_household_they_then_read_without_names(client, users, rt):
    surveyor = as_user(client, users["surveyor"])
    response = post(
        surveyor,
        utm_point(120, 80),
        head_name="Sumarni",
        kk_numbers=["1872051203040001"],
        members=3,
        waste_sorted=True,
    )
    assert response.status_code == 201, response.json()
    props = response.json()["properties"]
    assert not {"head_name", "kk_numbers", "address"} & set(props)
    assert props["can"] == {"change": True, "verify": False}
    stored = Household.objects.get()
    assert (stored.head_name, stored.kk_numbers) == ("Sumarni", ["1872051203040001"])
    assert (stored.surveyor, stored.created_by, stored.gps_source) == (
        users["surveyor"],
        users["surveyor"],
        GpsSource.MAP,
    )
    history = surveyor.get(reverse("household-history", args=[stored.pk])).json()
    assert "head_name" not in history[0]["after"]["properties"]
    assert "Sumarni" not in json.dumps(history)


def test_surveyor_changes_their_own_household_until_the_lurah_verifies_it(
    client, users, rt
):
    surveyor = as_user(client, users["surveyor"])
    pk = post(surveyor, utm_point(120, 80), head_name="Sumarni").json()["id"]
    assert patch(surveyor, pk, 1, members=5).status_code == 200
    assert Household.objects.get().head_name == "Sumarni"
    url = reverse("household-verify", args=[pk])
    assert surveyor.post(url, HTTP_IF_MATCH='"2"').status_code == 403
    lurah = as_user(client, users["lurah"])
    verified = lurah.post(url, HTTP_IF_MATCH='"2"')
    assert verified.status_code == 200
    assert verified.json()["properties"]["verified"] is True
    surveyor = as_user(client, users["surveyor"])
    assert patch(surveyor, pk, 3, members=6).status_code == 403
    stored = Household.objects.get()
    assert (stored.members, stored.verified_by) == (5, users["lurah"])


def test_surveyor_may_not_change_what_another_surveyor_added(
    client, users, kelurahan, household
):
    other = UserFactory(role=Role.SURVEYOR, role__kelurahan=kelurahan)
    household.surveyor = other
    household.save()
    surveyor = as_user(client, users["surveyor"])
    assert patch(surveyor, household.pk, 1, members=9).status_code == 403
    household.refresh_from_db()
    assert household.members == 4


def test_surveyor_may_not_add_a_household_in_another_kelurahan(
    client, users, rt, other_rt
):
    surveyor = as_user(client, users["surveyor"])
    response = post(surveyor, utm_point(2100, 100), head_name="Tamu")
    assert response.status_code == 400
    assert response.json()["details"][0]["code"] == "outside_kelurahan"
    assert not Household.objects.exists()


def test_surveyor_adds_and_changes_their_own_waste_point(client, users, rt):
    as_user(client, users["surveyor"])
    created = client.post(
        reverse("wastepoint-list"),
        {
            "type": "Feature",
            "geometry": json.loads(utm_point(200, 200).geojson),
            "properties": {"kind": "illegal_dumping", "status": "reported"},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = client.patch(
        reverse("wastepoint-detail", args=[pk]),
        {"notes": "dekat sungai"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200
    assert WastePoint.objects.get().notes == "dekat sungai"


@pytest.mark.parametrize("role", ["planner", "granted_planner"])
def test_planners_change_no_household(client, users, household, role):
    planner = as_user(client, users[role])
    assert post(planner, utm_point(50, 50), head_name="X").status_code == 403
    assert patch(planner, household.pk, 1, members=2).status_code == 403
    url = reverse("household-detail", args=[household.pk])
    assert planner.delete(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert Household.objects.get().members == 4


def test_the_public_adds_no_household(client, rt):
    assert post(client, utm_point(50, 50), head_name="X").status_code == 403
    assert not Household.objects.exists()


def test_another_kelurahan_s_household_is_not_found_for_the_lurah(
    client, users, other_rt
):
    stranger = HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100))
    lurah = as_user(client, users["lurah"])
    assert patch(lurah, stranger.pk, 1, members=2).status_code == 404
    stranger.refresh_from_db()
    assert stranger.members == 4


def test_a_surveyor_s_conflict_does_not_carry_what_the_lurah_added(client, users, rt):
    surveyor = as_user(client, users["surveyor"])
    pk = post(surveyor, utm_point(120, 80), head_name="Sumarni").json()["id"]
    lurah = as_user(client, users["lurah"])
    patch(lurah, pk, 1, kk_numbers=["1872010101010001"], address="Jl. Kenanga 5")
    surveyor = as_user(client, users["surveyor"])
    response = patch(surveyor, pk, 1, members=2)
    assert response.status_code == 409
    body = json.dumps(response.json())
    for secret in ("1872010101010001", "Jl. Kenanga 5", "Sumarni"):
        assert secret not in body


def test_the_conflict_gives_the_other_save_s_time_in_wib(client, users, household):
    from django.utils import timezone

    lurah = as_user(client, users["lurah"])
    patch(lurah, household.pk, 1, members=5)
    message = patch(lurah, household.pk, 1, members=7).json()["message"]
    household.refresh_from_db()
    assert timezone.localtime(household.updated_at).strftime("%H:%M") in message


def test_reading_a_household_or_its_history_is_logged_as_a_personal_read(
    client, users, household
):
    from spatial.models import PersonalDataAccess

    lurah = as_user(client, users["lurah"])
    assert (
        lurah.get(reverse("household-detail", args=[household.pk])).status_code == 200
    )
    assert PersonalDataAccess.objects.get().records == 1
    patch(lurah, household.pk, 1, members=5)
    lurah.get(reverse("household-history", args=[household.pk]))
    assert list(PersonalDataAccess.objects.values_list("records", flat=True)) == [
        1,
        1,
    ]
    # A surveyor reads no names, so nothing is logged for them.
    as_user(client, users["surveyor"]).get(
        reverse("household-detail", args=[household.pk])
    )
    assert PersonalDataAccess.objects.count() == 2


def test_verifying_twice_is_refused(client, users, rt):
    surveyor = as_user(client, users["surveyor"])
    pk = post(surveyor, utm_point(120, 80), head_name="Sumarni").json()["id"]
    lurah = as_user(client, users["lurah"])
    url = reverse("household-verify", args=[pk])
    first = lurah.post(url, HTTP_IF_MATCH='"1"')
    assert first.json()["properties"]["can"]["verify"] is False
    assert lurah.post(url, HTTP_IF_MATCH='"2"').status_code == 403
    assert Household.objects.get().version == 2


def test_a_verified_waste_point_deleted_and_restored_stays_verified(client, users, rt):
    """A deleted household loses its personal data (UU 27/2022) and is not
    restored half-empty; a waste point comes back, and verified if it was."""
    surveyor = as_user(client, users["surveyor"])
    created = surveyor.post(
        reverse("wastepoint-list"),
        {
            "type": "Feature",
            "geometry": json.loads(utm_point(200, 200).geojson),
            "properties": {"kind": "illegal_dumping", "status": "reported"},
        },
        content_type="application/json",
    )
    pk = created.json()["id"]
    lurah = as_user(client, users["lurah"])
    lurah.post(reverse("wastepoint-verify", args=[pk]), HTTP_IF_MATCH='"1"')
    detail = reverse("wastepoint-detail", args=[pk])
    assert lurah.delete(detail, HTTP_IF_MATCH='"2"').status_code == 204
    first = Revision.objects.filter(action="create").get()
    restored = lurah.post(
        reverse("wastepoint-restore", args=[pk]),
        {"revision": first.pk},
        content_type="application/json",
    )
    assert restored.status_code == 200, restored.json()
    assert WastePoint.objects.get().verified_by == users["lurah"]
    as_user(client, users["surveyor"])
    changed = client.patch(
        detail, {"notes": "x"}, content_type="application/json", HTTP_IF_MATCH='"4"'
    )
    assert changed.status_code == 403


def test_a_deleted_household_is_not_restored_without_its_head(client, users, rt):
    """Deleting a household erases its personal data from its history (UU
    27/2022), and a household cannot exist without its head: restoring it is
    refused with that reason, and nothing comes back."""
    surveyor = as_user(client, users["surveyor"])
    pk = post(surveyor, utm_point(120, 80), head_name="Sumarni").json()["id"]
    lurah = as_user(client, users["lurah"])
    detail = reverse("household-detail", args=[pk])
    assert lurah.delete(detail, HTTP_IF_MATCH='"1"').status_code == 204
    created = Revision.objects.filter(action="create").get()
    restored = lurah.post(
        reverse("household-restore", args=[pk]),
        {"revision": created.pk},
        content_type="application/json",
    )
    assert restored.status_code == 400
    assert "ikut dihapus, sesuai UU 27/2022" in restored.json()["message"]
    assert not Household.objects.exists()


def test_history_hides_each_state_as_it_stood(client, users, household, other_rt):
    """The city admin moves a household from A to B: B's lurah reads its
    history without the names it had in A."""
    from tests.factories import UserFactory as Users

    admin = as_user(client, users["admin"])
    patch(admin, household.pk, 1, utm_point(2100, 100))
    other_lurah = Users(role=Role.LURAH, role__kelurahan=other_rt.rw.kelurahan)
    history = as_user(client, other_lurah).get(
        reverse("household-history", args=[household.pk])
    )
    (move,) = history.json()
    assert "head_name" not in move["before"]["properties"]
    assert move["after"]["properties"]["head_name"] == household.head_name


def test_read_only_choice_fields_are_described_with_their_labels(client, users):
    """DRF's OPTIONS leaves out a read-only field's choices; the map would then
    show a household's location source as its code ("phone")."""
    client.force_login(users["planner"])
    fields = client.options(reverse("household-list")).json()["fields"]
    [source] = [f for f in fields if f["name"] == "gps_source"]
    assert source["read_only"]
    assert dict(source["choices"])["phone"] == str(GpsSource.PHONE.label)
