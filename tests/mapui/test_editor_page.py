"""The kelurahan map page: which layers each role loads and adds to, and the
fields of each, as the API describes them."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def config(response):
    html = response.content.decode()
    start = html.index('<script id="editor-config" type="application/json">')
    return json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])


def features(cfg):
    return {f["name"]: f for f in cfg["features"]}


def fields(feature):
    return {f["name"]: f for f in feature["fields"]}


def test_the_map_needs_a_login(client, kelurahan):
    response = client.get(reverse("map-editor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_lurah_gets_own_kelurahan_and_adds_to_every_layer(
    client, users, kelurahan, household, plot, waste_point
):
    client.force_login(users["lurah"])
    cfg = config(client.get(reverse("map-editor")))
    assert cfg["kelurahan"]["slug"] == kelurahan.slug
    layers = features(cfg)
    assert {n: f["canAdd"] for n, f in layers.items()} == {
        "idle_plots": True,
        "waste_points": True,
        "households": True,
    }
    assert fields(layers["idle_plots"])["owner_name"]["visible"] is True
    assert layers["households"]["url"].endswith(
        f"?properties=&kelurahan={kelurahan.slug}"
    )


def test_fields_carry_labels_choices_and_defaults_from_the_models(
    client, users, kelurahan, plot
):
    client.force_login(users["lurah"])
    with_labels = fields(
        features(config(client.get(reverse("map-editor"))))["idle_plots"]
    )
    status = with_labels["status"]
    assert (status["label"], status["default"]) == ("Status", "reported")
    assert ["in_use", "Dimanfaatkan"] in status["choices"]
    assert with_labels["area_m2"]["display"] == "area"
    assert with_labels["owner_name"]["personal"] is True


def test_lurah_asking_for_another_kelurahan_is_refused(client, users, other_kelurahan):
    client.force_login(users["lurah"])
    url = reverse("map-editor") + f"?kelurahan={other_kelurahan.slug}"
    assert client.get(url).status_code == 403


def test_planner_switches_kelurahan_and_only_reads(
    client, users, kelurahan, other_kelurahan, plot
):
    client.force_login(users["planner"])
    response = client.get(reverse("map-editor") + f"?kelurahan={other_kelurahan.slug}")
    cfg = config(response)
    assert cfg["kelurahan"]["slug"] == other_kelurahan.slug
    assert not any(f["canAdd"] for f in cfg["features"])
    assert 'id="kelurahan-switch"' in response.content.decode()


def test_planner_reads_plots_without_owner(client, users, kelurahan, plot):
    client.force_login(users["planner"])
    cfg = config(client.get(reverse("map-editor") + f"?kelurahan={kelurahan.slug}"))
    assert fields(features(cfg)["idle_plots"])["owner_name"]["visible"] is False


def test_surveyor_adds_households_and_waste_points_but_no_plots(
    client, users, household, plot
):
    client.force_login(users["surveyor"])
    layers = features(config(client.get(reverse("map-editor"))))
    assert layers["households"]["canAdd"] is True
    assert layers["idle_plots"]["canAdd"] is False
    head = fields(layers["households"])["head_name"]
    # typed for a new household, never read back
    assert (head["visible"], head["read_only"]) == (False, False)


def test_each_role_lands_where_it_works(client, users, kelurahan):
    expected = {
        "lurah": reverse("perda:kelurahan", args=[kelurahan.slug]),
        "surveyor": reverse("map-editor"),
        "planner": reverse("home"),
        "admin": reverse("home"),
    }
    for role, place in expected.items():
        client.force_login(users[role])
        assert client.get(reverse("start"))["Location"] == place, role
