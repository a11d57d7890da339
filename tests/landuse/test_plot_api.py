import json

import pytest
from django.urls import reverse

from landuse.models import IdlePlot
from spatial.models import Revision
from tests.factories import X0, Y0, IdlePlotFactory, KelurahanFactory, utm_box

pytestmark = pytest.mark.django_db


def feature(geom, **props):
    return {
        "type": "Feature",
        "geometry": json.loads(geom.geojson),
        "properties": {"status": "reported", **props},
    }


def post(client, geom, **props):
    return client.post(
        reverse("idleplot-list"),
        feature(geom, **props),
        content_type="application/json",
    )


def patch(client, plot_id, version, **body):
    headers = {"HTTP_IF_MATCH": f'"{version}"'} if version is not None else {}
    return client.patch(
        reverse("idleplot-detail", args=[plot_id]),
        body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def lurah(client, users):
    client.force_login(users["lurah"])
    return client


def test_lurah_draws_a_plot_in_own_kelurahan(lurah, users, rt):
    response = post(lurah, utm_box(10, 10, 60, 50), notes="bekas sawah")
    assert response.status_code == 201, response.json()
    plot = IdlePlot.objects.get()
    assert (plot.kelurahan, plot.rt, plot.created_by) == (
        rt.rw.kelurahan,
        rt,
        users["lurah"],
    )
    assert response.json()["properties"]["area_m2"] == pytest.approx(2000, rel=1e-6)
    assert response["ETag"] == '"1"'
    assert Revision.objects.get().action == "create"


def test_self_intersection_is_located_and_a_repair_offered(lurah, kelurahan):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    ring = [
        (X0 + 10, Y0 + 10),
        (X0 + 60, Y0 + 60),
        (X0 + 60, Y0 + 10),
        (X0 + 10, Y0 + 60),
        (X0 + 10, Y0 + 10),
    ]
    bow_tie = MultiPolygon(Polygon(ring), srid=32748)
    bow_tie.transform(4326)
    response = post(lurah, bow_tie)
    assert response.status_code == 400
    detail = response.json()["details"][0]
    assert detail["code"] == "invalid_geometry"
    assert "Self-intersection" in detail["message"]
    centre = utm_box(35, 35, 35, 35).centroid
    assert detail["at"] == pytest.approx([centre.x, centre.y], abs=1e-6)
    assert detail["repaired"]["type"] == "MultiPolygon"
    assert not IdlePlot.objects.exists()


def test_plot_outside_own_kelurahan_is_rejected(lurah, kelurahan):
    response = post(lurah, utm_box(1900, 10, 2100, 50))
    assert response.status_code == 400
    assert response.json()["details"][0]["code"] == "outside_kelurahan"
    assert not IdlePlot.objects.exists()


def test_overlapping_an_active_plot_is_rejected_and_named(lurah, plot):
    response = post(lurah, utm_box(120, 100, 200, 140))
    assert response.status_code == 400
    detail = response.json()["details"][0]
    assert (detail["code"], detail["overlaps"]) == ("overlaps_plot", plot.pk)
    assert detail["other_geometry"]["type"] == "MultiPolygon"
    assert IdlePlot.objects.count() == 1


def test_a_neighbour_s_plot_is_not_shown_in_an_overlap_error(lurah, kelurahan):
    """Neighbouring kelurahan may overlap within the boundary tolerance (2 m),
    and so may plots in that strip; the lurah learns there is an overlap, not
    the other lurah's unverified plot (a verified one is public)."""
    neighbour = KelurahanFactory(
        kecamatan=kelurahan.kecamatan, geom=utm_box(1998.2, 0, 4000, 2000)
    )
    IdlePlotFactory(
        kelurahan=neighbour, status="reported", geom=utm_box(1998.5, 100, 2100, 140)
    )
    response = post(lurah, utm_box(1950, 100, 1999.5, 140))
    assert response.status_code == 400
    detail = response.json()["details"][0]
    assert detail["code"] == "overlaps_plot"
    # The API speaks Indonesian unless the language cookie says otherwise.
    assert detail["message"] == (
        "Bidang lahan tidur baru tumpang tindih dengan bidang milik kelurahan lain "
        "seluas 40 m²."
    )
    assert "overlaps" not in detail
    assert "other_geometry" not in detail
    assert IdlePlot.objects.count() == 1


def test_plot_wholly_inside_another_counts_as_overlap(lurah, plot):
    response = post(lurah, utm_box(110, 110, 130, 130))
    assert response.json()["details"][0]["code"] == "overlaps_plot"


def test_rejected_plot_does_not_block_and_a_shared_edge_is_fine(lurah, kelurahan):
    IdlePlotFactory(
        kelurahan=kelurahan, status="rejected", geom=utm_box(300, 300, 400, 400)
    )
    IdlePlotFactory(kelurahan=kelurahan, geom=utm_box(500, 300, 600, 400))
    assert post(lurah, utm_box(300, 300, 400, 400)).status_code == 201
    assert post(lurah, utm_box(600, 300, 700, 400)).status_code == 201


def test_too_small_plot_is_rejected(lurah, kelurahan, settings):
    settings.WAKUNCAR_MIN_PLOT_M2 = 20
    response = post(lurah, utm_box(10, 10, 14, 14))
    assert response.json()["details"][0]["code"] == "too_small"
    assert "16,0 m²" in response.json()["message"]


def test_update_needs_the_version_and_bumps_it(lurah, plot):
    assert patch(lurah, plot.pk, None, notes="x").status_code == 428
    response = patch(lurah, plot.pk, 1, notes="akan jadi KWT")
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    plot.refresh_from_db()
    assert (plot.notes, plot.version) == ("akan jadi KWT", 2)


def test_stale_version_gets_a_conflict_with_the_other_version(lurah, plot):
    patch(lurah, plot.pk, 1, notes="first")
    response = patch(lurah, plot.pk, 1, notes="second")
    assert response.status_code == 409
    body = response.json()
    assert "(versi 2; Anda mengubah versi 1)" in body["message"]
    assert body["details"][0]["current"]["properties"]["notes"] == "first"
    plot.refresh_from_db()
    assert plot.notes == "first"


def test_moving_a_plot_recomputes_area_and_rt(lurah, plot, rt):
    geom = json.loads(utm_box(100, 100, 200, 200).geojson)
    response = patch(lurah, plot.pk, 1, type="Feature", geometry=geom, properties={})
    assert response.status_code == 200, response.json()
    assert response.json()["properties"]["area_m2"] == pytest.approx(10_000, rel=1e-6)


@pytest.mark.parametrize(("who", "code"), [("planner", 403), ("surveyor", 403)])
def test_roles_that_cannot_edit_are_refused(client, users, plot, who, code):
    client.force_login(users[who])
    assert patch(client, plot.pk, 1, notes="x").status_code == code
    assert post(client, utm_box(300, 300, 350, 350)).status_code == 403


def test_public_cannot_draw(client, kelurahan):
    assert post(client, utm_box(300, 300, 350, 350)).status_code == 403
    assert not IdlePlot.objects.exists()


def test_lurah_cannot_touch_another_kelurahan(lurah, other_kelurahan):
    """An unverified plot elsewhere is not found; a verified one is public, so
    the lurah sees it but may not change it."""
    other = IdlePlotFactory(
        kelurahan=other_kelurahan, status="reported", geom=utm_box(2100, 100, 2200, 200)
    )
    public = IdlePlotFactory(
        kelurahan=other_kelurahan, status="verified", geom=utm_box(2300, 100, 2400, 200)
    )
    assert patch(lurah, other.pk, 1, notes="x").status_code == 404
    url = reverse("idleplot-detail", args=[other.pk])
    assert lurah.delete(url, HTTP_IF_MATCH='"1"').status_code == 404
    assert lurah.get(reverse("idleplot-history", args=[other.pk])).status_code == 404
    assert patch(lurah, public.pk, 1, notes="x").status_code == 403
    public_url = reverse("idleplot-detail", args=[public.pk])
    assert lurah.delete(public_url, HTTP_IF_MATCH='"1"').status_code == 403
    assert lurah.get(reverse("idleplot-history", args=[public.pk])).status_code == 404
    public.refresh_from_db()
    assert (public.notes, public.version) == ("", 1)


def test_delete_then_restore_from_history(lurah, plot):
    patch(lurah, plot.pk, 1, notes="edited")
    url = reverse("idleplot-detail", args=[plot.pk])
    assert lurah.delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert not IdlePlot.objects.exists()
    history = lurah.get(reverse("idleplot-history", args=[plot.pk])).json()
    assert [h["action"] for h in history] == ["delete", "update"]
    first_edit = history[1]
    response = lurah.post(
        reverse("idleplot-restore", args=[plot.pk]),
        {"revision": first_edit["id"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    restored = IdlePlot.objects.get(pk=plot.pk)
    assert (restored.notes, restored.version) == ("edited", 3)


def test_restoring_over_an_existing_plot_needs_its_version(lurah, plot):
    patch(lurah, plot.pk, 1, notes="first edit")
    patch(lurah, plot.pk, 2, notes="second edit")
    first = lurah.get(reverse("idleplot-history", args=[plot.pk])).json()[-1]
    url = reverse("idleplot-restore", args=[plot.pk])
    body = {"revision": first["id"]}
    assert lurah.post(url, body, content_type="application/json").status_code == 428
    stale = lurah.post(url, body, content_type="application/json", HTTP_IF_MATCH='"2"')
    assert stale.status_code == 409
    ok = lurah.post(url, body, content_type="application/json", HTTP_IF_MATCH='"3"')
    assert ok.status_code == 200
    plot.refresh_from_db()
    assert (plot.notes, plot.version) == ("first edit", 4)


def test_restore_needs_a_revision_id(lurah, plot):
    url = reverse("idleplot-restore", args=[plot.pk])
    response = lurah.post(url, {"revision": "x"}, content_type="application/json")
    assert response.status_code == 400


def test_stale_delete_is_a_conflict(lurah, plot):
    patch(lurah, plot.pk, 1, notes="edited")
    url = reverse("idleplot-detail", args=[plot.pk])
    assert lurah.delete(url, HTTP_IF_MATCH='"1"').status_code == 409
    assert IdlePlot.objects.filter(pk=plot.pk).exists()
