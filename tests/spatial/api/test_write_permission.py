"""Permission before validation on every write of the API: someone who may not
change a feature learns that (404 when they cannot see it, 403 when they can),
never what is wrong with the body they sent."""

import pytest
from django.urls import reverse

from tests.factories import IdlePlotFactory, UserFactory

pytestmark = pytest.mark.django_db

NONSENSE = {"type": "Feature", "geometry": {"type": "Point"}, "properties": {"x": 1}}


@pytest.fixture
def plot(kelurahan):
    """Reported, not verified: only its own kelurahan (and the city) see it."""
    return IdlePlotFactory(kelurahan=kelurahan, status="reported")


def put(client, plot, method):
    send = getattr(client, method)
    return send(
        reverse("idleplot-detail", args=[plot.pk]),
        NONSENSE,
        content_type="application/json",
        HTTP_IF_MATCH=f'"{plot.version}"',
    )


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_lurah_of_another_kelurahan_gets_404_not_400(
    client, plot, other_kelurahan, method
):
    client.force_login(UserFactory(role="lurah", role__kelurahan=other_kelurahan))
    assert put(client, plot, method).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_planner_who_sees_the_plot_gets_403_not_400(client, plot, users, method):
    client.force_login(users["planner"])
    response = put(client, plot, method)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_the_lurah_of_the_kelurahan_gets_the_validation_errors(client, plot, users):
    client.force_login(users["lurah"])
    assert put(client, plot, "put").status_code == 400
