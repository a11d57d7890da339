import math

import mapbox_vector_tile
import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from households.models import Household
from spatial.services import editing
from tests.factories import HouseholdFactory, utm_point

pytestmark = pytest.mark.django_db

PERSONAL = {"head_name", "kk_numbers", "address", "owner_name"}


def tile_of(point, z):
    n = 2**z
    x = int((point.x + 180) / 360 * n)
    lat = math.radians(point.y)
    y = int((1 - math.asinh(math.tan(lat)) / math.pi) / 2 * n)
    return z, x, y


def fetch(client, layer, point, z, **headers):
    z, x, y = tile_of(point, z)
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt", **headers)


def decoded(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return mapbox_vector_tile.decode(response.content)


@pytest.fixture
def homes(rt, other_rt):
    own = HouseholdFactory.create_batch(3, rt=rt, members=2)
    other = HouseholdFactory.create_batch(
        2, rt=other_rt, geom=utm_point(2100, 100), members=5
    )
    return own, other


def test_the_public_gets_rt_totals_never_homes(client, homes, rt):
    HouseholdFactory.create_batch(2, rt=rt, members=1)
    tile = decoded(fetch(client, "households", homes[0][0].geom, 16))
    assert set(tile) == {"rt_totals"}
    (total,) = tile["rt_totals"]["features"]
    assert total["id"] == rt.pk
    assert total["properties"] == {"households": "5", "members": "8"}


def test_the_public_gets_small_rt_counts_withheld(client, homes, rt):
    tile = decoded(fetch(client, "households", homes[0][0].geom, 16))
    (total,) = tile["rt_totals"]["features"]
    # 3 homes in the RT: the count would point at neighbours.
    assert total["properties"] == {"households": "<5", "members": "<5"}


def test_a_lurah_gets_own_homes_as_points_without_personal_fields(client, users, homes):
    client.force_login(users["lurah"])
    own, other = homes
    tile = decoded(fetch(client, "households", own[0].geom, 15))
    features = tile["households"]["features"]
    assert sorted(f["id"] for f in features) == sorted(h.pk for h in own)
    for feature in features:
        assert not PERSONAL & set(feature["properties"])
        assert feature["properties"]["members"] == 2
    # The other kelurahan's homes lie 2 km east, in a tile of their own.
    assert decoded(fetch(client, "households", other[0].geom, 15)) == {}


def test_low_zooms_count_homes_per_cell(client, users, homes):
    client.force_login(users["planner"])
    tile = decoded(fetch(client, "households", homes[0][0].geom, 11))
    cells = tile["household_totals"]["features"]
    assert sum(c["properties"]["households"] for c in cells) == 5
    assert sum(c["properties"]["members"] for c in cells) == 16
    assert "households" not in tile


def test_a_token_reads_tiles_as_its_user(client, users, homes):
    key = Token.objects.create(user=users["lurah"]).key
    response = fetch(
        client, "households", homes[0][0].geom, 15, HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert "households" in decoded(response)
    assert response["Cache-Control"].startswith("private")


def test_public_plot_tiles_hold_no_owner_and_no_unverified_plot(client, plot):
    reported = type(plot).objects.create(
        kelurahan=plot.kelurahan, geom=plot.geom, status="reported", owner_name="X"
    )
    tile = decoded(fetch(client, "idle-plots", plot.geom.centroid, 16))
    features = tile["idle_plots"]["features"]
    assert [f["id"] for f in features] == [plot.pk]
    assert reported.pk not in [f["id"] for f in features]
    assert "owner_name" not in features[0]["properties"]


def test_an_unchanged_tile_answers_304_and_an_edit_renews_it(client, users, plot):
    client.force_login(users["lurah"])
    first = fetch(client, "idle-plots", plot.geom.centroid, 16)
    etag = first["ETag"]
    again = fetch(client, "idle-plots", plot.geom.centroid, 16, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    editing.feature_update(
        user=users["lurah"],
        model=type(plot),
        pk=plot.pk,
        expected_version=plot.version,
        attrs={"status": "planned"},
    )
    after = fetch(client, "idle-plots", plot.geom.centroid, 16, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    (feature,) = decoded(after)["idle_plots"]["features"]
    assert feature["properties"]["status"] == "planned"


def test_a_bulk_insert_like_a_survey_commit_renews_household_tiles(
    client, users, homes, rt
):
    client.force_login(users["admin"])
    before = fetch(client, "households", homes[0][0].geom, 15)
    with connection.cursor() as cursor:  # set-based, as survey commits write
        cursor.execute(
            f"INSERT INTO {Household._meta.db_table} (geom, kelurahan_id, rt_id, "
            "head_name, kk_numbers, members, dasawisma, address, rt_mismatch, "
            "external_id, waste_disposal, latrine, gps_source, device, "
            "created_at, updated_at) SELECT geom, kelurahan_id, rt_id, 'Baru', "
            "'{}', 1, '', '', false, '', '', '', '', '', now(), now() "
            f"FROM {Household._meta.db_table} WHERE id = %s",
            [homes[0][0].pk],
        )
    after = fetch(client, "households", homes[0][0].geom, 15)
    assert after["ETag"] != before["ETag"]
    assert len(decoded(after)["households"]["features"]) == 4


@pytest.mark.parametrize(
    "path",
    [
        "households/x/1/1.mvt",
        "households/2/4/0.mvt",
        "households/23/0/0.mvt",
        "households/-1/0/0.mvt",
        "households/3/1/1e2.mvt",
    ],
)
def test_bad_tile_coordinates_are_400_with_a_reason(client, path):
    response = client.get(f"/tiles/{path}")
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue"


def test_an_unknown_layer_is_404(client):
    assert client.get("/tiles/secrets/1/0/0.mvt").status_code == 404
    assert client.get("/tiles/secrets.json").json()["code"] == "NotFound"


def test_tilejson_names_the_layers_this_user_gets(client, users, rt):
    public = client.get("/tiles/households.json").json()
    assert public["tiles"] == ["http://testserver/tiles/households/{z}/{x}/{y}.mvt"]
    assert [v["id"] for v in public["vector_layers"]] == ["rt_totals"]
    client.force_login(users["lurah"])
    lurah = client.get("/tiles/households.json").json()
    assert [v["id"] for v in lurah["vector_layers"]] == [
        "household_totals",
        "households",
    ]
    assert not PERSONAL & set(lurah["vector_layers"][1]["fields"])


def test_a_tile_statement_reaches_the_geometry_index(users, homes):
    """The tile's box is applied outside the compiled rows; it must still find
    them through the GiST index (selected as GeoDjango's ``geom::bytea`` or
    kept in an ORDER BY, a million households took 400–800 ms a tile)."""
    from tiles.layers import LAYERS, tile_sql

    z, x, y = tile_of(homes[0][0].geom, 16)
    sql, params = tile_sql(
        user=users["admin"], layer=LAYERS["households"], z=z, x=x, y=y
    )
    with connection.cursor() as cursor:
        # Tiny test tables: forbid the sequential scan to see what is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "households_household_geom" in plan, plan


def test_users_of_one_scope_share_a_tile_statement_and_no_one_elses(
    client, users, homes, other_kelurahan, monkeypatch
):
    from spatial.models import Role
    from tests.factories import UserFactory
    from tiles import layers

    compiled = []
    template = layers._template
    monkeypatch.setattr(
        layers, "_template", lambda *a: compiled.append(a[0]) or template(*a)
    )
    own, other = homes
    client.force_login(users["lurah"])
    lurah_tile = decoded(fetch(client, "households", own[0].geom, 15))
    client.force_login(users["surveyor"])  # the same kelurahan: the same rows
    surveyor_tile = decoded(fetch(client, "households", own[0].geom, 15))
    assert surveyor_tile == lurah_tile
    assert compiled == [users["lurah"]]
    # The other kelurahan's lurah compiles their own and sees none of these.
    neighbour = UserFactory(role=Role.LURAH, role__kelurahan=other_kelurahan)
    client.force_login(neighbour)
    assert decoded(fetch(client, "households", own[0].geom, 15)) == {}
    theirs = decoded(fetch(client, "households", other[0].geom, 15))
    assert sorted(f["id"] for f in theirs["households"]["features"]) == sorted(
        h.pk for h in other
    )
    assert compiled == [users["lurah"], neighbour]


def test_a_browser_gets_the_tile_gzipped_once_and_revalidates_it(
    client, users, homes, rt, monkeypatch
):
    import gzip

    from tiles import cache

    HouseholdFactory.create_batch(40, rt=rt)  # a tile worth compressing
    client.force_login(users["lurah"])
    plain = fetch(client, "households", homes[0][0].geom, 15)
    assert "Content-Encoding" not in plain
    assert len(plain.content) > cache.GZIP_FROM
    packings = []
    compress = gzip.compress
    monkeypatch.setattr(
        cache.gzip, "compress", lambda *a, **k: packings.append(1) or compress(*a, **k)
    )
    first = fetch(
        client, "households", homes[0][0].geom, 15, HTTP_ACCEPT_ENCODING="gzip, br"
    )
    again = fetch(
        client, "households", homes[0][0].geom, 15, HTTP_ACCEPT_ENCODING="gzip, br"
    )
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    assert gzip.decompress(first.content) == gzip.decompress(again.content)
    assert gzip.decompress(first.content) == plain.content
    assert len(packings) == 1  # compressed once, then served from the cache
    assert first["ETag"] == "W/" + plain["ETag"]
    unchanged = fetch(
        client,
        "households",
        homes[0][0].geom,
        15,
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert unchanged.status_code == 304
