import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def config(response):
    html = response.content.decode()
    start = html.index('<script id="editor-config" type="application/json">')
    return json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])


def test_the_map_needs_a_login(client, kelurahan):
    response = client.get(reverse("map-editor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_lurah_gets_own_kelurahan_with_editing(client, users, kelurahan, household):
    client.force_login(users["lurah"])
    cfg = config(client.get(reverse("map-editor")))
    assert cfg["kelurahan"]["slug"] == kelurahan.slug
    assert cfg["canEdit"] == {"idle_plots": True, "waste_points": True}
    assert cfg["ownerVisible"] is True
    assert cfg["layers"]["households"].endswith(f"?kelurahan={kelurahan.slug}")


def test_lurah_asking_for_another_kelurahan_is_refused(client, users, other_kelurahan):
    client.force_login(users["lurah"])
    url = reverse("map-editor") + f"?kelurahan={other_kelurahan.slug}"
    assert client.get(url).status_code == 403


def test_planner_switches_kelurahan_and_only_reads(
    client, users, kelurahan, other_kelurahan
):
    client.force_login(users["planner"])
    response = client.get(reverse("map-editor") + f"?kelurahan={other_kelurahan.slug}")
    cfg = config(response)
    assert cfg["kelurahan"]["slug"] == other_kelurahan.slug
    assert cfg["canEdit"] == {"idle_plots": False, "waste_points": False}
    assert cfg["ownerVisible"] is False
    assert 'id="kelurahan-switch"' in response.content.decode()


def test_surveyor_sees_the_map_without_editing_or_names(client, users, household):
    client.force_login(users["surveyor"])
    cfg = config(client.get(reverse("map-editor")))
    assert cfg["canEdit"] == {"idle_plots": False, "waste_points": False}
    assert "households" in cfg["layers"]
    assert cfg["ownerVisible"] is False
