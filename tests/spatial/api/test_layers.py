import pytest
from django.urls import reverse

from spatial.models import PersonalDataAccess
from tests.factories import HouseholdFactory, IdlePlotFactory, utm_box, utm_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kelurahan(household, plot, other_rt):
    other = other_rt.rw.kelurahan
    return {
        "own_household": household,
        "other_household": HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100)),
        "own_plot": plot,
        "other_plot": IdlePlotFactory(
            kelurahan=other, owner_name="Pak Harjo", geom=utm_box(2100, 100, 2150, 150)
        ),
    }


def features(client, name, user=None):
    if user:
        client.force_login(user)
    response = client.get(reverse(f"{name}-list"))
    assert response.status_code == 200
    return {f["id"]: f["properties"] for f in response.json()["features"]}


def test_lurah_sees_own_households_with_personal_data(client, users, two_kelurahan):
    seen = features(client, "household", users["lurah"])
    assert list(seen) == [two_kelurahan["own_household"].pk]
    assert seen[two_kelurahan["own_household"].pk]["head_name"].startswith("Budi")


def test_planner_sees_every_household_without_personal_fields(
    client, users, two_kelurahan
):
    seen = features(client, "household", users["planner"])
    assert len(seen) == 2
    for props in seen.values():
        assert not {"head_name", "kk_numbers", "address"} & set(props)
        assert "members" in props


def test_granted_planner_sees_personal_fields(client, users, two_kelurahan):
    seen = features(client, "household", users["granted_planner"])
    assert all("kk_numbers" in p for p in seen.values())


def test_public_gets_no_households_and_no_plot_owners(client, two_kelurahan):
    assert features(client, "household") == {}
    plots = features(client, "idleplot")
    assert set(plots) == {two_kelurahan["own_plot"].pk, two_kelurahan["other_plot"].pk}
    assert all("owner_name" not in p for p in plots.values())


def test_lurah_sees_another_kelurahan_plot_only_when_public_and_no_owner(
    client, users, two_kelurahan
):
    """A logged-in lurah never sees less than the public: a verified plot of
    another kelurahan, without its owner; an unverified one not at all."""
    client.force_login(users["lurah"])
    other = two_kelurahan["other_plot"]
    url = reverse("idleplot-detail", args=[other.pk])
    assert "owner_name" not in client.get(url).json()["properties"]
    listed = features(client, "idleplot")
    assert listed[other.pk]["owner_name"] is None
    own = two_kelurahan["own_plot"]
    assert listed[own.pk]["owner_name"] == "Siti Aminah"
    detail = client.get(reverse("idleplot-detail", args=[own.pk])).json()
    assert detail["properties"]["owner_name"] == "Siti Aminah"
    other.status = "reported"
    other.save()
    assert client.get(url).status_code == 404
    assert other.pk not in features(client, "idleplot")


def test_kelurahan_filter_and_bbox(client, users, two_kelurahan, kelurahan):
    client.force_login(users["admin"])
    url = reverse("household-list")
    by_slug = client.get(url, {"kelurahan": kelurahan.slug}).json()["features"]
    assert [f["id"] for f in by_slug] == [two_kelurahan["own_household"].pk]
    w, s, e, n = utm_box(2000, 0, 4000, 2000).extent
    in_box = client.get(url, {"in_bbox": f"{w},{s},{e},{n}"}).json()["features"]
    assert [f["id"] for f in in_box] == [two_kelurahan["other_household"].pk]


def test_household_list_query_count_does_not_grow(
    client, users, rt, django_assert_num_queries
):
    HouseholdFactory.create_batch(20, rt=rt)
    client.force_login(users["admin"])
    # session, user, profile, one query building the GeoJSON, one access-log row
    with django_assert_num_queries(5):
        client.get(reverse("household-list"))


def test_reading_personal_data_is_logged(client, users, household):
    client.force_login(users["lurah"])
    client.get(reverse("household-list"))
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.model, log.records, log.channel) == (
        users["lurah"],
        "households.Household",
        1,
        "api",
    )


def test_reading_without_personal_fields_is_not_logged(client, users, household):
    client.force_login(users["planner"])
    client.get(reverse("household-list"))
    assert not PersonalDataAccess.objects.exists()


def test_boundaries_are_served_to_the_public(client, rt):
    seen = features(client, "rt")
    assert seen[rt.pk]["label"] == "RT 001/RW 001"
    assert features(client, "kelurahan")[rt.rw.kelurahan.pk][
        "area_ha"
    ] == pytest.approx(400)


def test_a_feature_outside_every_rt_has_no_rt(client, users, kelurahan):
    plot = IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(1500, 1500, 1600, 1600))
    client.force_login(users["lurah"])
    detail = client.get(reverse("idleplot-detail", args=[plot.pk])).json()
    assert detail["properties"]["rt"] is None


def test_a_lurah_s_city_wide_list_logs_only_the_rows_whose_owner_they_saw(
    client, users, two_kelurahan
):
    features(client, "idleplot", users["lurah"])
    assert PersonalDataAccess.objects.get().records == 1


def test_a_lurah_without_a_kelurahan_changes_nothing(kelurahan):
    from landuse.models import IdlePlot
    from spatial import permissions
    from tests.factories import UserFactory

    lost = UserFactory(role="lurah")
    assert not permissions.may_change(lost, IdlePlot(kelurahan_id=None))
    assert not permissions.may_change(lost, IdlePlot(kelurahan=kelurahan))
