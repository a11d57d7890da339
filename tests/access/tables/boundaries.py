"""Boundary layers of the API: public to all, read-only."""

from tests.access.matrix import every, methods

READ_ONLY = {"GET": every(200), "*": every(405)}


def layer(name, detail_id):
    return [
        *methods(f"api/^{name}/$", f"/api/{name}/", READ_ONLY),
        *methods(
            f"api/^{name}\\.(?P<format>[a-z0-9]+)/?$", f"/api/{name}.json", READ_ONLY
        ),
        *methods(
            f"api/^{name}/(?P<pk>[^/.]+)/$", f"/api/{name}/{{{detail_id}}}/", READ_ONLY
        ),
        *methods(
            f"api/^{name}/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$",
            f"/api/{name}/{{{detail_id}}}.json",
            READ_ONLY,
        ),
    ]


CASES = [
    *layer("kecamatan", "kecamatan"),
    *layer("kelurahan", "kelurahan_a"),
    *layer("rw", "rw_a"),
    *layer("rt", "rt_a"),
    *methods("api/", "/api/", READ_ONLY),
    *methods("api/<drf_format_suffix:format>", "/api/.json", READ_ONLY),
]
