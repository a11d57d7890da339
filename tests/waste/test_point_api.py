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


@pytest.mark.parametrize("status", ["verified", "cleared"])
def test_a_surveyor_reports_a_spot_and_only_the_lurah_marks_it_checked(
    client, users, rt, status
):
    """A surveyor's spot starts as reported; marking it verified or cleared,
    on adding it or after, is the lurah's call: refused with that reason and
    nothing stored, while the lurah's own change goes through."""
    client.force_login(users["surveyor"])
    refused = post(client, utm_point(50, 50), kind="illegal_dumping", status=status)
    assert refused.status_code == 403
    assert "lurah" in refused.json()["message"]
    assert not WastePoint.objects.exists()
    reported = post(
        client, utm_point(50, 50), kind="illegal_dumping", status="reported"
    )
    assert reported.status_code == 201, reported.json()
    url = reverse("wastepoint-detail", args=[reported.json()["id"]])
    changed = client.patch(
        url,
        {"type": "Feature", "properties": {"status": status}},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 403
    assert WastePoint.objects.get().status == "reported"
    client.force_login(users["lurah"])
    checked = client.patch(
        url,
        {"type": "Feature", "properties": {"status": status}},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert checked.status_code == 200, checked.json()
    assert WastePoint.objects.get().status == status


@pytest.mark.parametrize(
    ("who", "spot", "facility"),
    [
        ("surveyor", ["reported"], ["active", "inactive"]),
        ("lurah", ["reported", "verified", "cleared"], ["active", "inactive"]),
    ],
)
def test_the_map_offers_the_statuses_the_user_may_save_a_new_one_first(
    client, users, who, spot, facility
):
    client.force_login(users[who])
    fields = client.options(reverse("wastepoint-list")).json()["fields"]
    [status] = [f for f in fields if f["name"] == "status"]
    allowed = status["depends"]["allowed"]
    assert allowed["illegal_dumping"] == allowed["open_burning"] == spot
    assert allowed["tps"] == allowed["bank_sampah"] == facility


def test_a_surveyor_neither_undoes_nor_deletes_the_lurah_s_verified(client, users, rt):
    """Once the lurah marked a surveyor's spot verified, the surveyor may
    still correct its notes, but not set it back to reported, nor delete it."""
    client.force_login(users["surveyor"])
    pk = post(
        client, utm_point(50, 50), kind="illegal_dumping", status="reported"
    ).json()["id"]
    url = reverse("wastepoint-detail", args=[pk])

    def patch(version, **properties):
        return client.patch(
            url,
            {"type": "Feature", "properties": properties},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{version}"',
        )

    client.force_login(users["lurah"])
    assert patch(1, status="verified").status_code == 200
    client.force_login(users["surveyor"])
    assert patch(2, notes="tumpukan di pinggir parit").status_code == 200
    undone = patch(3, status="reported")
    assert undone.status_code == 403
    assert "lurah" in undone.json()["message"]
    assert client.delete(url, HTTP_IF_MATCH='"3"').status_code == 403
    point = WastePoint.objects.get()
    assert (point.status, point.notes, point.version) == (
        "verified",
        "tumpukan di pinggir parit",
        3,
    )
