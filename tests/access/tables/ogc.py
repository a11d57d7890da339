"""OGC API – Features, vector tiles, the REST schema and docs, and the token
page. Reads only: every other method is refused. Single homes are nobody's but
their kelurahan's staff, planners' and the city admin's; a tile or a page of
boundaries is everybody's."""

from tests.access.matrix import every, methods, roles

READ = {"GET": every(200), "*": every(405)}
HOUSEHOLDS = roles(
    404,
    surveyor_a=200,
    surveyor_b=200,
    lurah_a=200,
    lurah_b=200,
    planner=200,
    granted_planner=200,
    admin=200,
)
HOUSEHOLD_A = roles(
    404, surveyor_a=200, lurah_a=200, planner=200, granted_planner=200, admin=200
)
PLOT_A = every(200)  # verified, so public
LOGIN_REDIRECT = 302

CASES = [
    *methods("api/schema/", "/api/schema/", READ),
    *methods("api/docs/", "/api/docs/", READ),
    *methods("ogc/", "/ogc/", READ),
    *methods("ogc/conformance", "/ogc/conformance", READ),
    *methods("ogc/api", "/ogc/api", READ),
    *methods("ogc/collections", "/ogc/collections", READ),
    *methods(
        "ogc/collections/<str:collection_id>",
        "/ogc/collections/households",
        {"GET": HOUSEHOLDS, "*": every(405)},
    ),
    *methods(
        "ogc/collections/<str:collection_id>/items",
        "/ogc/collections/households/items",
        {"GET": HOUSEHOLDS, "*": every(405)},
    ),
    *methods(
        "ogc/collections/<str:collection_id>/items",
        "/ogc/collections/idle-plots/items?kelurahan={kelurahan_a_slug}",
        {"GET": every(200)},
    ),
    *methods(
        "ogc/collections/<str:collection_id>/items/<str:fid>",
        "/ogc/collections/households/items/{household_a}",
        {"GET": HOUSEHOLD_A, "*": every(405)},
    ),
    *methods(
        "ogc/collections/<str:collection_id>/items/<str:fid>",
        "/ogc/collections/idle-plots/items/{plot_a}",
        {"GET": PLOT_A},
    ),
    *methods("tiles/<str:layer>.json", "/tiles/households.json", READ),
    *methods(
        "tiles/<str:layer>/<str:z>/<str:x>/<str:y>.mvt",
        "/tiles/households/15/26026/16961.mvt",
        READ,
    ),
    *methods("tiles/<str:layer>/preview/", "/tiles/households/preview/", READ),
    *methods(
        "token/",
        "/token/",
        {
            "GET": roles(200, anonymous=LOGIN_REDIRECT),
            "POST": every(302),
            "*": roles(405, anonymous=LOGIN_REDIRECT),
        },
    ),
]
