"""The dashboard pages and their JSON per role: who gets the full version,
who the public one, what the public one withholds, and which records and
fields each role gets behind a warning."""

import json

import pytest
from django.urls import reverse

from households.models import WasteDisposal
from spatial.models import PersonalDataAccess

from .places import facility, households, plot, spot

pytestmark = pytest.mark.django_db


def config_of(response):
    html = response.content.decode()
    start = html.index('<script id="perda-config" type="application/json">')
    return json.loads(html[start:].split(">", 1)[1].split("</script>", 1)[0])


@pytest.fixture
def scene(kelurahan, rt, rt2):
    """RT 001: 3 households, two of them burning (small counts); RT 002: 12
    households, far from the only TPS; an open dump and an old plot report."""
    households(rt, 2, waste_disposal=WasteDisposal.BURNED, head_name="Siti Rahayu")
    households(rt, 1, waste_disposal=WasteDisposal.COLLECTED, head_name="Budi")
    households(rt2, 12, at=(900, 400), waste_sorted=True, head_name="Joko Widodo")
    facility(kelurahan, 100, 120, name="TPS Mawar")
    spot(
        rt2, reported_days_ago=40, at=(800, 300), name="Tumpukan <b>Kali Sekampung</b>"
    )
    plot(rt2, box=(600, 100, 650, 140), created_days_ago=90)
    return kelurahan


def kelurahan_url(k):
    return reverse("perda:kelurahan", args=[k.slug])


def test_anonymous_visitors_get_the_public_version(client, scene, rt):
    response = client.get(kelurahan_url(scene))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="public-notice"' in html
    config = config_of(response)
    assert config["public"] is True
    assert config["urls"]["rtRecords"] is None
    small = next(f for f in config["rts"]["features"] if f["id"] == rt.pk)
    # 3 households, 2 burning: withheld; the level is still shown.
    assert small["properties"]["values"]["households"] == "<5"
    assert small["properties"]["values"]["burning_pct"] == "<5"
    assert small["properties"]["level"] == "no_data"
    big = next(f for f in config["rts"]["features"] if f["id"] != rt.pk)
    assert big["properties"]["values"]["households"] == 12
    for name in ("Siti Rahayu", "Joko Widodo", "Budi", "Siti Aminah", "Sekampung"):
        assert name not in html


def test_the_public_reads_a_rule_not_the_count_of_dumps(client, scene, rt2):
    config = config_of(client.get(kelurahan_url(scene)))
    feature = next(f for f in config["rts"]["features"] if f["id"] == rt2.pk)
    messages = {f["code"]: f["message"] for f in feature["properties"]["fired"]}
    assert feature["properties"]["level"] == "red"
    # The rule's title (in the page's language), not "1 spot open for 40 days".
    assert messages["illegal_dump_open"] == "Sampah liar atau bakar sampah terbuka"
    assert feature["properties"]["values"]["dumps_open"] == "<5"


def test_the_public_table_withholds_small_counts(client, scene):
    html = client.get(kelurahan_url(scene)).content.decode()
    assert "&lt;5" in html


@pytest.mark.parametrize("who", ["lurah", "surveyor", "planner", "admin"])
def test_staff_and_the_city_get_the_full_dashboard(client, users, scene, rt, who):
    client.force_login(users[who])
    config = config_of(client.get(kelurahan_url(scene)))
    assert config["public"] is False
    assert config["urls"]["rtRecords"] == reverse(
        "perda:rt-records", args=[scene.slug, 0]
    )
    small = next(f for f in config["rts"]["features"] if f["id"] == rt.pk)
    assert small["properties"]["values"]["households"] == 3


def test_a_lurah_sees_another_kelurahan_as_the_public_does(
    client, users, scene, other_kelurahan
):
    client.force_login(users["lurah"])
    response = client.get(kelurahan_url(other_kelurahan))
    assert config_of(response)["public"] is True


def test_the_city_dashboard_is_public_except_for_the_city(client, users, scene):
    url = reverse("perda:city")
    assert config_of(client.get(url))["public"] is True
    client.force_login(users["lurah"])
    assert config_of(client.get(url))["public"] is True
    client.force_login(users["planner"])
    response = client.get(url)
    assert config_of(response)["public"] is False
    assert reverse("perda:kelurahan", args=[scene.slug]) in response.content.decode()


def test_an_unknown_kelurahan_is_404_with_its_name(client, kelurahan):
    response = client.get(reverse("perda:kelurahan", args=["atlantis"]))
    assert response.status_code == 404
    assert "atlantis" in response.content.decode()


def test_a_future_date_is_refused(client, users, kelurahan):
    client.force_login(users["admin"])
    response = client.get(kelurahan_url(kelurahan) + "?date=2999-01-01")
    assert response.status_code == 400
    assert "2999-01-01 ada di masa depan" in response.content.decode()


def records_url(k, rt):
    return reverse("perda:rt-records", args=[k.slug, rt.pk])


def test_the_lurah_gets_names_behind_a_warning_and_the_read_is_logged(
    client, users, scene, rt2
):
    client.force_login(users["lurah"])
    data = client.get(records_url(scene, rt2)).json()
    assert data["far"]["count"] == 12
    assert data["far"]["items"][0]["head_name"] == "Joko Widodo"
    assert data["far"]["items"][0]["metres"] > 500
    assert [s["name"] for s in data["spots"]["items"]] == [
        "Tumpukan <b>Kali Sekampung</b>"
    ]
    assert data["spots"]["items"][0]["days"] == 40
    assert data["plots"]["count"] == 1 and data["plots"]["items"][0]["days"] == 90
    assert data["plots"]["items"][0]["owner_name"] == "Siti Aminah"
    logged = PersonalDataAccess.objects.filter(user=users["lurah"])
    assert sorted(logged.values_list("model", "records")) == [
        ("households.Household", 12),
        ("landuse.IdlePlot", 1),
    ]


@pytest.mark.parametrize("who", ["surveyor", "planner"])
def test_surveyors_and_planners_get_no_personal_fields(client, users, scene, rt2, who):
    client.force_login(users[who])
    data = client.get(records_url(scene, rt2)).json()
    assert data["far"]["count"] == 12
    assert "head_name" not in data["far"]["items"][0]
    assert "owner_name" not in data["plots"]["items"][0]
    assert not PersonalDataAccess.objects.exists()


def test_the_public_and_other_kelurahan_get_no_records(
    client, users, scene, rt2, other_kelurahan
):
    assert client.get(records_url(scene, rt2)).status_code == 403
    other = users["lurah"].__class__.objects.create(username="lurah-margodadi")
    from spatial.models import Profile, Role

    Profile.objects.create(user=other, role=Role.LURAH, kelurahan=other_kelurahan)
    client.force_login(other)
    assert client.get(records_url(scene, rt2)).status_code == 403


def test_an_rt_of_another_kelurahan_is_not_found(client, users, scene, other_rt):
    client.force_login(users["admin"])
    assert client.get(records_url(scene, other_rt)).status_code == 404


def test_a_facility_serves_the_households_it_is_nearest_to(
    client, users, kelurahan, rt, rt2
):
    near_a = households(rt, 3, at=(100, 100))
    near_b = households(rt2, 4, at=(900, 100))
    a = facility(kelurahan, 50, 50)
    facility(kelurahan, 950, 50)
    facility(kelurahan, 500, 1900, kind="illegal_dumping", status="reported")
    client.force_login(users["lurah"])
    data = client.get(reverse("perda:service-area", args=[a.pk])).json()
    assert sorted(h["id"] for h in data["households"]) == [h.pk for h in near_a]
    assert data["count"] == 3
    assert data["cell"]["type"] == "Polygon"
    assert not {h["id"] for h in data["households"]} & {h.pk for h in near_b}
    client.logout()
    public = client.get(reverse("perda:service-area", args=[a.pk])).json()
    assert (public["households"], public["count"]) == ([], "<5")
    assert public["cell"] is not None


def test_only_active_facilities_have_a_service_area(client, kelurahan):
    dump = facility(kelurahan, 50, 50, kind="illegal_dumping", status="reported")
    response = client.get(reverse("perda:service-area", args=[dump.pk]))
    assert response.status_code == 404


def test_the_page_is_in_indonesian_by_default(client, scene):
    html = client.get(kelurahan_url(scene)).content.decode()
    assert '<html lang="id">' in html
    assert "Peringatan dini" in html or "peringatan dini" in html


def test_the_top_bar_links_to_the_dashboard(client, kelurahan):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("perda:city")}"' in html
