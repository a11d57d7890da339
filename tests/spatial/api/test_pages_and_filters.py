import pytest
from rest_framework.authtoken.models import Token

from tests.factories import HouseholdFactory, IdlePlotFactory, utm_box

pytestmark = pytest.mark.django_db


def test_limit_pages_through_a_layer_by_next_links(client, users, rt):
    made = [h.pk for h in HouseholdFactory.create_batch(5, rt=rt)]
    client.force_login(users["admin"])
    url, seen = "/api/households/?limit=2", []
    while url:
        response = client.get(url)
        body = response.json()
        seen += [f["id"] for f in body["features"]]
        url = body.get("next")
        if url:
            assert response["Link"] == f'<{url}>; rel="next"'
    assert seen == made


def test_without_limit_a_list_is_whole_up_to_the_cap(client, users, rt, settings):
    HouseholdFactory.create_batch(3, rt=rt)
    client.force_login(users["admin"])
    whole = client.get("/api/households/", {"kelurahan": rt.rw.kelurahan.slug})
    assert len(whole.json()["features"]) == 3 and "next" not in whole.json()
    settings.WAKUNCAR_API_PAGE_CAP = 2
    capped = client.get("/api/households/").json()
    assert len(capped["features"]) == 2 and capped["next"].endswith(
        "after=" + str(capped["features"][-1]["id"])
    )


@pytest.mark.parametrize("query", ["limit=0", "limit=x", "limit=10001", "after=-1"])
def test_bad_page_parameters_are_400(client, query):
    response = client.get(f"/api/households/?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_attribute_filters_and_a_bad_bbox(client, kelurahan):
    verified = IdlePlotFactory(kelurahan=kelurahan)
    IdlePlotFactory(
        kelurahan=kelurahan, status="planned", geom=utm_box(300, 300, 360, 360)
    )
    body = client.get("/api/idle-plots/", {"status": "verified"}).json()
    assert [f["id"] for f in body["features"]] == [verified.pk]
    assert client.get("/api/idle-plots/", {"in_bbox": "1,2,3"}).status_code == 400
    assert client.get("/api/idle-plots/", {"status": "nonsense"}).status_code == 400


def test_personal_fields_cannot_be_filtered_on(client, users, household):
    client.force_login(users["surveyor"])
    body = client.get("/api/households/", {"head_name": "nobody"}).json()
    # The filter is not offered, so it narrows nothing.
    assert [f["id"] for f in body["features"]] == [household.pk]


def test_a_token_authenticates_api_reads(client, users, household):
    key = Token.objects.create(user=users["lurah"]).key
    body = client.get("/api/households/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert body["features"][0]["properties"]["head_name"].startswith("Budi")
    assert client.get("/api/households/").json()["features"] == []


def test_the_schema_documents_every_layer_and_the_docs_use_local_files(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in ("/api/households/", "/api/idle-plots/{id}/", "/api/rt/"):
        assert path in schema["paths"]
    names = {
        p["name"] for p in schema["paths"]["/api/households/"]["get"]["parameters"]
    }
    assert {"limit", "after", "kelurahan", "in_bbox", "waste_disposal"} <= names
    assert "head_name" not in names
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower() and "<script>" not in docs


def test_the_token_page_makes_and_revokes_a_token(client, users):
    client.force_login(users["planner"])
    assert client.get("/token/").status_code == 200
    client.post("/token/", {"action": "renew"})
    key = Token.objects.get(user=users["planner"]).key
    assert key in client.get("/token/").content.decode()
    client.post("/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=users["planner"]).exists()


def test_the_token_page_needs_a_login(client):
    assert client.get("/token/").status_code == 302
