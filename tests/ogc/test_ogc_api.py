import pytest
from rest_framework.authtoken.models import Token

from spatial.models import PersonalDataAccess
from tests.factories import HouseholdFactory, IdlePlotFactory, utm_box, utm_point

pytestmark = pytest.mark.django_db

UTM = "http://www.opengis.net/def/crs/EPSG/0/32748"


@pytest.fixture
def two_kelurahan(household, plot, other_rt):
    other = other_rt.rw.kelurahan
    return {
        "own_household": household,
        "other_household": HouseholdFactory(rt=other_rt, geom=utm_point(2100, 100)),
        "own_plot": plot,
        "other_plot": IdlePlotFactory(
            kelurahan=other, owner_name="Pak Harjo", geom=utm_box(2100, 100, 2150, 150)
        ),
    }


def token_header(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


def ids(response):
    assert response.status_code == 200, response.content
    return [f["id"] for f in response.json()["features"]]


def test_landing_page_links_the_api_conformance_and_collections(client):
    links = {link["rel"]: link for link in client.get("/ogc/").json()["links"]}
    assert links["service-desc"]["href"] == "http://testserver/ogc/api"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    conforms = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conforms
    api = client.get("/ogc/api")
    assert api["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/collections/rt/items" in api.json()["paths"]


def test_the_public_is_not_shown_households(client, two_kelurahan):
    listed = [c["id"] for c in client.get("/ogc/collections").json()["collections"]]
    assert "households" not in listed
    assert {"kelurahan", "rw", "rt", "idle-plots", "waste-points"} <= set(listed)
    assert client.get("/ogc/collections/households").status_code == 404
    missing = client.get("/ogc/collections/households/items")
    assert (missing.status_code, missing.json()["code"]) == (404, "NotFound")


def test_public_plots_carry_no_owner(client, two_kelurahan):
    features = client.get("/ogc/collections/idle-plots/items").json()["features"]
    assert len(features) == 2
    assert all("owner_name" not in f["properties"] for f in features)


def test_a_lurah_with_a_token_reads_own_households_with_names(
    client, users, two_kelurahan
):
    response = client.get(
        "/ogc/collections/households/items", **token_header(users["lurah"])
    )
    assert ids(response) == [two_kelurahan["own_household"].pk]
    props = response.json()["features"][0]["properties"]
    assert props["head_name"].startswith("Budi")
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.channel, log.records) == (users["lurah"], "ogc", 1)


def test_a_planner_reads_every_household_without_personal_fields(
    client, users, two_kelurahan
):
    response = client.get(
        "/ogc/collections/households/items", **token_header(users["planner"])
    )
    assert len(ids(response)) == 2
    for feature in response.json()["features"]:
        assert not {"head_name", "kk_numbers", "address"} & set(feature["properties"])
    assert not PersonalDataAccess.objects.exists()


def test_a_lurah_gets_404_for_a_household_of_another_kelurahan(
    client, users, two_kelurahan
):
    client.force_login(users["lurah"])
    other = two_kelurahan["other_household"].pk
    assert client.get(f"/ogc/collections/households/items/{other}").status_code == 404
    own = two_kelurahan["own_household"].pk
    feature = client.get(f"/ogc/collections/households/items/{own}").json()
    assert feature["id"] == own and feature["properties"]["address"]


def test_pages_follow_next_and_prev_links(client, users, rt):
    made = [h.pk for h in HouseholdFactory.create_batch(5, rt=rt)]
    client.force_login(users["admin"])
    url, seen = "/ogc/collections/households/items?limit=2", []
    first = client.get(url).json()
    assert (first["numberReturned"], first["numberMatched"]) == (2, 5)
    page = first
    while True:
        seen += [f["id"] for f in page["features"]]
        links = {link["rel"]: link["href"] for link in page["links"]}
        if "next" not in links:
            break
        page = client.get(links["next"]).json()
    assert seen == made
    back = {link["rel"]: link["href"] for link in page["links"]}["prev"]
    assert [f["id"] for f in client.get(back).json()["features"]] == made[2:4]


def test_bbox_datetime_and_property_filters(client, users, two_kelurahan, rt):
    from datetime import date

    client.force_login(users["admin"])
    HouseholdFactory(rt=rt, survey_date=date(2024, 3, 1), waste_disposal="burned")
    w, s, e, n = utm_box(2000, 0, 4000, 2000).extent
    in_box = client.get(f"/ogc/collections/households/items?bbox={w},{s},{e},{n}")
    assert ids(in_box) == [two_kelurahan["other_household"].pk]
    dated = client.get("/ogc/collections/households/items?datetime=2024-01-01/..")
    assert len(ids(dated)) == 1
    burned = client.get("/ogc/collections/households/items?waste_disposal=burned")
    assert len(ids(burned)) == 1


def test_utm_output_and_bbox_crs(client, two_kelurahan):
    x, y = 530_000 + 2100, 9_434_000 + 2100  # the other plot's corner, in metres
    response = client.get(
        "/ogc/collections/idle-plots/items",
        {"crs": UTM, "bbox-crs": UTM, "bbox": f"{x - 50},{y - 2050},{x + 60},{y}"},
    )
    assert response["Content-Crs"] == f"<{UTM}>"
    (feature,) = response.json()["features"]
    assert feature["id"] == two_kelurahan["other_plot"].pk
    first = feature["geometry"]["coordinates"][0][0][0]
    assert first == pytest.approx([x, 9_434_000 + 100], abs=0.01)


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "bbox=10,5,0,0",
        "bbox=0,0,500,1",
        "limit=0",
        "limit=-3",
        "limit=ten",
        "crs=EPSG:4326",
        "bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9999&bbox=0,0,1,1",
        f"bbox-crs={UTM}&bbox=0,0,1e30,1e30",
        f"bbox-crs={UTM}&bbox=-1e9,-1e9,1e9,1e9",
        "datetime=yesterday",
        "datetime=2024-05-01/2024-01-01",
        "after=x",
        "colour=red",
        "head_name=Budi",
        "status=nonsense",
    ],
)
def test_bad_parameters_get_an_ogc_exception(client, plot, query):
    response = client.get(f"/ogc/collections/idle-plots/items?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidParameterValue" and body["description"]


def test_a_limit_above_the_maximum_is_served_as_the_maximum(client, settings, rt):
    settings.WAKUNCAR_OGC_MAX_LIMIT = 2
    IdlePlotFactory(kelurahan=rt.rw.kelurahan)
    IdlePlotFactory(kelurahan=rt.rw.kelurahan, geom=utm_box(300, 300, 350, 350))
    IdlePlotFactory(kelurahan=rt.rw.kelurahan, geom=utm_box(600, 600, 650, 650))
    body = client.get("/ogc/collections/idle-plots/items?limit=500").json()
    assert body["numberReturned"] == 2


def test_unknown_collections_and_features_are_404(client, plot):
    assert client.get("/ogc/collections/nothing").status_code == 404
    assert client.get("/ogc/collections/nothing/items").status_code == 404
    assert client.get("/ogc/collections/idle-plots/items/999999").status_code == 404
    assert client.get("/ogc/collections/idle-plots/items/abc").status_code == 404


def test_a_bad_token_is_refused_as_an_ogc_exception(client):
    response = client.get("/ogc/collections", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("NotAuthenticated", "Forbidden")


def test_html_pages_show_values_as_text(client, kelurahan):
    kelurahan.name = "<script>alert(1)</script>"
    kelurahan.save()
    page = client.get("/ogc/collections/kelurahan/items?f=html")
    assert page.status_code == 200
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;alert(1)" in page.content
    browser = client.get("/ogc/collections", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")


def test_a_lurah_sees_public_plots_elsewhere_without_their_owner(
    client, users, two_kelurahan
):
    client.force_login(users["lurah"])
    body = client.get("/ogc/collections/idle-plots/items").json()
    owners = {f["id"]: f["properties"]["owner_name"] for f in body["features"]}
    assert owners == {
        two_kelurahan["own_plot"].pk: "Siti Aminah",
        two_kelurahan["other_plot"].pk: None,
    }


def test_html_items_show_labels_not_field_names_or_codes(client, plot):
    html = client.get("/ogc/collections/idle-plots/items?f=html").content.decode()
    # The page speaks Indonesian unless the user picks English.
    assert "<th>Status</th>" in html and "<td>Terverifikasi</td>" in html
    assert "<th>area_m2</th>" not in html and "<td>verified</td>" not in html


def test_a_browser_asking_for_a_missing_collection_gets_a_page_in_its_language(
    client, two_kelurahan
):
    """A browser (?f=html or Accept: text/html) gets the error as a page in
    the UI's language; a client asking for JSON keeps the OGC exception."""
    page = client.get("/ogc/collections/households?f=html")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert "Tidak ada koleksi “households” yang terbuka untuk Anda." in (
        page.content.decode()
    )
    browser = client.get("/ogc/collections/households", HTTP_ACCEPT="text/html")
    assert browser["Content-Type"].startswith("text/html")
    machine = client.get("/ogc/collections/households")
    assert machine.status_code == 404
    assert machine.json()["code"] == "NotFound"


def test_pages_are_compiled_once_per_read_scope_and_never_shared_across(
    client, users, two_kelurahan, monkeypatch
):
    """GDAL reads a collection page after page through one statement; it is
    compiled once for everyone who reads the same rows and fields, and a
    planner reading after the city admin still gets no names."""
    from spatial.api import geojson

    compiled = []
    compile_rows = geojson.compiled_rows
    monkeypatch.setattr(
        geojson,
        "compiled_rows",
        lambda *a, **k: compiled.append(1) or compile_rows(*a, **k),
    )
    url = "/ogc/collections/households/items"
    admin = token_header(users["admin"])
    first = client.get(url, {"limit": 1}, **admin)
    assert first.json()["features"][0]["properties"]["head_name"]
    after = first.json()["features"][0]["id"]
    assert ids(client.get(url, {"limit": 1, "after": after}, **admin))
    assert len(compiled) == 1
    planner = client.get(url, **token_header(users["planner"]))
    assert len(ids(planner)) == 2
    assert all("head_name" not in f["properties"] for f in planner.json()["features"])
    assert len(compiled) == 2
    # A granted planner may read what the city admin reads: the same statement.
    granted = client.get(url, **token_header(users["granted_planner"]))
    assert granted.json()["features"][0]["properties"]["head_name"]
    assert len(compiled) == 2
    # A filtered read compiles its own, every time.
    for _ in range(2):
        client.get(url, {"bbox": "105,-6,106,-5"}, **admin)
    assert len(compiled) == 4
