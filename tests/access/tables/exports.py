"""The export page and the summary download."""

from tests.access.matrix import every, methods, roles

HOUSEHOLDS_A = {
    "layer": "households",
    "format": "csv",
    "kelurahan": "{kelurahan_a_slug}",
    "srid": "4326",
}
EXPORTERS_OF_A = roles(
    400, lurah_b=403, lurah_a=200, planner=200, granted_planner=200, admin=200
)

CASES = [
    *methods(
        "ekspor/",
        "/ekspor/",
        {
            "GET": every(200),
            "POST": EXPORTERS_OF_A,
            "*": every(405),
        },
        post={"body": HOUSEHOLDS_A},
    ),
    *methods(
        "ekspor/",
        "/ekspor/",
        {
            "POST": roles(
                400,
                lurah_a=403,
                lurah_b=200,
                planner=200,
                granted_planner=200,
                admin=200,
            )
        },
        post={"body": {**HOUSEHOLDS_A, "kelurahan": "{kelurahan_b_slug}"}},
    ),
    *methods(
        "ekspor/ringkasan/",
        "/ekspor/ringkasan/",
        {
            "POST": roles(
                403,
                lurah_a=200,
                lurah_b=200,
                planner=200,
                granted_planner=200,
                admin=200,
            ),
            "*": every(405),
        },
        post={"body": {"per": "rt", "format": "csv"}},
    ),
]
