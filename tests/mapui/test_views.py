"""The city map page: the layers each role loads, and the way to a kelurahan's
own map."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def map_config(response):
    html = response.content.decode()
    start = html.index('<script id="map-config" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def layer_names(response):
    return {f["name"] for f in map_config(response)["features"]}


def test_home_page_offers_public_layers_only(client, kelurahan, plot, household):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    config = map_config(response)
    assert layer_names(response) == {"idle_plots", "households"}
    # Households come as tiles, which hold RT totals for the public.
    (households,) = [f for f in config["features"] if f["name"] == "households"]
    assert "url" not in households and households["fields"] == []
    tilejson = client.get(households["tiles"]).json()
    assert [v["id"] for v in tilejson["vector_layers"]] == ["rt_totals"]
    assert config["boundaries"]["kelurahan"]["url"] == reverse("kelurahan-list")
    assert config["openable"] == []


def test_the_city_map_draws_households_from_tiles_not_one_document(
    client, users, household
):
    client.force_login(users["planner"])
    config = map_config(client.get(reverse("home")))
    (households,) = [f for f in config["features"] if f["name"] == "households"]
    assert households["tiles"] == reverse("tiles:tilejson", args=["households"])
    tilejson = client.get(households["tiles"]).json()
    assert [v["id"] for v in tilejson["vector_layers"]][-1] == "households"


def test_home_page_offers_households_to_the_lurah_and_leads_to_their_map(
    client, users, household, kelurahan
):
    client.force_login(users["lurah"])
    response = client.get(reverse("home"))
    assert "households" in layer_names(response)
    assert map_config(response)["openable"] == [kelurahan.slug]
    assert f'href="{reverse("map-editor")}"' in response.content.decode()


def test_the_planner_picks_any_kelurahan_from_the_city_map(
    client, users, kelurahan, other_kelurahan
):
    client.force_login(users["planner"])
    response = client.get(reverse("home"))
    assert map_config(response)["openable"] == "all"
    html = response.content.decode()
    for k in (kelurahan, other_kelurahan):
        assert f"{reverse('map-editor')}?kelurahan={k.slug}" in html


def test_pages_and_layers_go_compressed_and_downloads_as_they_are(
    client, users, kelurahan, rt, household
):
    gz = {"HTTP_ACCEPT_ENCODING": "gzip"}
    layer = client.get(reverse("rt-list"), {"kelurahan": kelurahan.slug}, **gz)
    assert layer["Content-Encoding"] == "gzip"
    client.force_login(users["planner"])
    download = client.post(
        reverse("exports:page"), {"layer": "rt", "format": "gpkg", "srid": 4326}, **gz
    )
    assert download.streaming and not download.has_header("Content-Encoding")
