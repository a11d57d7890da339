"""The no-overlap rule holds when many people save at the same moment: against
a live server (one thread per request, as in production), overlapping creates
and moves from the API and the Django admin store at most one plot of each
overlapping set; the others are refused with the usual overlap error."""

import json
from urllib.parse import urlencode

import pytest

from landuse.models import IdlePlot
from tests.factories import IdlePlotFactory, utm_box
from tests.live.http import CSRF, all_at_once, send, session_for

pytestmark = pytest.mark.django_db(transaction=True)


def feature(geom):
    return {
        "type": "Feature",
        "geometry": json.loads(geom.geojson),
        "properties": {"status": "reported"},
    }


def admin_form(geom, kelurahan):
    return urlencode(
        {
            "csrfmiddlewaretoken": CSRF,
            "geom": geom.geojson,
            "kelurahan": kelurahan.pk,
            "status": "reported",
            "condition": "vacant_lot",
            "ownership": "unknown",
        }
    )


@pytest.fixture
def sessions(users):
    return {role: session_for(users[role]) for role in ("lurah", "admin")}


def test_concurrent_overlapping_creates_store_one_plot(
    live_server, sessions, kelurahan, admin_user
):
    url = live_server.url
    admin_session = session_for(admin_user)
    calls = []
    for i in range(24):
        # Squares shifted by a metre each: every pair overlaps.
        geom = utm_box(200 + i, 200, 260 + i, 250)
        if i % 4 == 3:
            calls.append(
                lambda g=geom: send(
                    url,
                    "/admin/landuse/idleplot/add/",
                    session=admin_session,
                    method="POST",
                    body=admin_form(g, kelurahan),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            )
        else:
            who = "lurah" if i % 2 else "admin"
            calls.append(
                lambda g=geom, s=sessions[who]: send(
                    url, "/api/idle-plots/", session=s, method="POST", body=feature(g)
                )
            )

    replies = all_at_once(calls)

    saved = [r for r in replies if r.status in (201, 302)]
    refused_api = [r for r in replies if r.status == 400]
    refused_admin = [r for r in replies if r.status == 200]
    assert IdlePlot.objects.count() == 1
    assert len(saved) == 1
    assert len(saved) + len(refused_api) + len(refused_admin) == len(calls)
    assert {r.json()["details"][0]["code"] for r in refused_api} == {"overlaps_plot"}
    assert all(b"tumpang tindih dengan" in r.body for r in refused_admin)


def test_concurrent_moves_onto_one_place_leave_one_there(live_server, sessions, users):
    kelurahan = users["lurah"].profile.kelurahan
    plots = [
        IdlePlotFactory(
            kelurahan=kelurahan, geom=utm_box(20 + 45 * i, 1500, 60 + 45 * i, 1540)
        )
        for i in range(22)
    ]
    url = live_server.url
    calls = [
        lambda p=plot, i=i: send(
            url,
            f"/api/idle-plots/{p.pk}/",
            session=sessions["lurah" if i % 2 else "admin"],
            method="PATCH",
            body={
                "type": "Feature",
                "geometry": json.loads(utm_box(700 + i, 700, 760 + i, 750).geojson),
                "properties": {},
            },
            headers={"If-Match": f'"{p.version}"'},
        )
        for i, plot in enumerate(plots)
    ]

    replies = all_at_once(calls)

    target = utm_box(700, 700, 781, 750)
    assert IdlePlot.objects.filter(geom__intersects=target).count() == 1
    assert sorted(r.status for r in replies) == [200] + [400] * (len(plots) - 1)
    refused = [r.json()["details"][0]["code"] for r in replies if r.status == 400]
    assert set(refused) == {"overlaps_plot"}
