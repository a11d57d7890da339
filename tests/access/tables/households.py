"""Households in the API: read-only there; single homes never public."""

from tests.access.matrix import every, methods, roles

# Household A: its kelurahan's surveyor and lurah, the planners and the admin.
SEES_A = roles(
    404, surveyor_a=200, lurah_a=200, planner=200, granted_planner=200, admin=200
)
READ_ONLY_LIST = {"GET": every(200), "*": every(405)}

CASES = [
    *methods("api/^households/$", "/api/households/", READ_ONLY_LIST),
    *methods(
        "api/^households/$",
        "/api/households/?kelurahan={kelurahan_b_slug}",
        {"GET": every(200)},
    ),
    *methods(
        "api/^households\\.(?P<format>[a-z0-9]+)/?$",
        "/api/households.json",
        READ_ONLY_LIST,
    ),
    *methods(
        "api/^households/(?P<pk>[^/.]+)/$",
        "/api/households/{household_a}/",
        {"GET": SEES_A, "*": every(405)},
    ),
    *methods(
        "api/^households/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$",
        "/api/households/{household_a}.json",
        {"GET": SEES_A, "*": every(405)},
    ),
]
