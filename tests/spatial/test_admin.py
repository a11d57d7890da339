import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:spatial_kecamatan_changelist",
    "admin:spatial_kelurahan_changelist",
    "admin:spatial_rw_changelist",
    "admin:spatial_rt_changelist",
    "admin:households_household_changelist",
    "admin:landuse_idleplot_changelist",
    "admin:waste_wastepoint_changelist",
    "admin:spatial_revision_changelist",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_model_lists_with_filters_and_search(
    admin_client, household, plot, waste_point, name
):
    response = admin_client.get(reverse(name), {"q": "Rejomulyo"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "admin:households_household_change",
        "admin:landuse_idleplot_change",
        "admin:waste_wastepoint_change",
        "admin:spatial_rt_change",
    ],
)
def test_change_forms_carry_a_leaflet_map(
    admin_client, household, plot, waste_point, rt, name
):
    obj = {
        "household": household,
        "idleplot": plot,
        "wastepoint": waste_point,
        "rt": rt,
    }[name.split("_")[-2]]
    html = admin_client.get(reverse(name, args=[obj.pk])).content.decode()
    assert "leaflet" in html.lower() and "id_geom" in html


def test_rt_filter_on_households(admin_client, household, rt):
    url = reverse("admin:households_household_changelist")
    response = admin_client.get(url, {"rt__id__exact": rt.pk})
    assert response.context["cl"].result_count == 1


def test_staff_who_are_not_city_admins_are_kept_out(client, users):
    lurah = users["lurah"]
    lurah.is_staff = True
    lurah.save()
    client.force_login(lurah)
    response = client.get(reverse("admin:households_household_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
