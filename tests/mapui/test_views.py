import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def map_config(response):
    html = response.content.decode()
    start = html.index('<script id="map-config" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_home_page_offers_public_layers_only(client, kelurahan):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    config = map_config(response)
    assert "households" not in config["layers"]
    assert config["layers"]["kelurahan"] == reverse("kelurahan-list")


def test_home_page_draws_households_from_tiles_not_one_document(
    client, users, household
):
    client.force_login(users["lurah"])
    config = map_config(client.get(reverse("home")))
    assert "households" not in config["layers"]
    tilejson = client.get(config["tiles"]["households"]).json()
    assert [v["id"] for v in tilejson["vector_layers"]][-1] == "households"


def test_home_page_is_in_indonesian_even_for_an_english_browser(client, kelurahan):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="id">' in html
    assert ">Masuk</a>" in html


def test_english_is_available(client, kelurahan):
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("home")).content.decode()
    assert "Log in" in html


@pytest.mark.parametrize(
    ("who", "offered"),
    [("surveyor", True), ("lurah", True), ("admin", True), ("planner", False)],
)
def test_upload_link_only_for_those_who_upload(client, users, kelurahan, who, offered):
    client.force_login(users[who])
    html = client.get(reverse("home")).content.decode()
    assert (reverse("uploads:new") in html) is offered
