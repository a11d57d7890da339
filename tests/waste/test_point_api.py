import json

import pytest
from django.urls import reverse

from spatial.models import Revision
from tests.factories import utm_point
from waste.models import WastePoint

pytestmark = pytest.mark.django_db


def body(point, **props):
    return {
        "type": "Feature",
        "geometry": json.loads(point.geojson),
        "properties": {"kind": "tps", "status": "active", **props},
    }


def post(client, point, **props):
    return client.post(
        reverse("wastepoint-list"),
        body(point, **props),
        content_type="application/json",
    )


def test_lurah_adds_moves_and_deletes_a_waste_point(client, users, rt):
    client.force_login(users["lurah"])
    created = post(client, utm_point(50, 50), name="TPS Jl. Mawar", capacity_m3=6)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    url = reverse("wastepoint-detail", args=[pk])
    moved = client.patch(
        url,
        body(utm_point(60, 80)),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert moved.status_code == 200, moved.json()
    point = WastePoint.objects.get()
    assert (point.rt, point.version) == (rt, 2)
    assert point.geom.coords == pytest.approx(utm_point(60, 80).coords, abs=1e-9)
    assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert [r.action for r in Revision.objects.order_by("id")] == [
        "create",
        "update",
        "delete",
    ]


def test_illegal_spot_with_a_facility_status_is_refused(client, users, rt):
    client.force_login(users["lurah"])
    response = post(client, utm_point(50, 50), kind="illegal_dumping", status="active")
    assert response.status_code == 400
    assert response.json()["details"][0]["code"] == "status_for_kind"
    assert not WastePoint.objects.exists()


def test_point_outside_the_kelurahan_is_refused(client, users, rt):
    client.force_login(users["lurah"])
    response = post(client, utm_point(2500, 50))
    assert response.json()["details"][0]["code"] == "outside_kelurahan"
    assert not WastePoint.objects.exists()


@pytest.mark.parametrize("who", ["surveyor", "planner"])
def test_surveyors_and_planners_do_not_edit_on_the_map(client, users, waste_point, who):
    client.force_login(users[who])
    url = reverse("wastepoint-detail", args=[waste_point.pk])
    assert client.delete(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert WastePoint.objects.exists()
