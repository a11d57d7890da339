"""Responses to a logged-in user (which may carry personal data) are never
stored by a browser or proxy; public ones may be."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/households/",
        "/api/idle-plots/",
        "/peta/",
        "/ekspor/",
        "/unggah/",
        "/",
    ],
)
def test_every_response_to_a_logged_in_user_is_no_store(client, users, household, url):
    client.force_login(users["lurah"])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_household_detail_and_an_export_are_no_store(client, users, household):
    client.force_login(users["admin"])
    detail = client.get(reverse("household-detail", args=[household.pk]))
    export = client.post(
        reverse("exports:page"),
        {"layer": "households", "format": "csv", "srid": "4326"},
    )
    assert export.status_code == 200 and export.streaming
    b"".join(export.streaming_content)
    for response in (detail, export):
        assert "no-store" in response["Cache-Control"]


def test_public_pages_are_not_marked_private(client, kelurahan):
    response = client.get("/api/kelurahan/")
    assert "no-store" not in response.get("Cache-Control", "")
