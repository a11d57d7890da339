"""The rows of a layer edited on the map (households, idle plots, waste
points): list, create, read, update, delete, history, restore and verify, with
and without a format suffix. Feature A lies in kelurahan A; the bodies are
valid, so each status says who may, not whether the body was right."""

from tests.access.matrix import every, methods, roles

SUFFIX = "\\.(?P<format>[a-z0-9]+)/?$"


def editable_layer(
    *, route, feature, revision, create, update, adders, readers, verifiers
):
    """``adders``: the roles that may add to kelurahan A (201); those of B add
    in B only, so a feature drawn in A is outside theirs (400). ``readers``
    see feature A (which the city admin made); the others get 404. Only its
    kelurahan's lurah and the city admin change it (the others who see it get
    403); ``verifiers`` may mark it checked."""
    base = f"api/^{route}"
    read = roles(404, **dict.fromkeys(readers, 200))

    def change(ok):
        return roles(404, **{**dict.fromkeys(readers, 403), "lurah_a": ok, "admin": ok})

    create_expect = roles(
        403,
        **{role: 201 for role in adders},
        **{
            role: 400
            for role in ("surveyor_b", "lurah_b")
            if role.replace("_b", "_a") in adders
        },
    )
    history = roles(404, lurah_a=200, admin=200)
    version = {"HTTP_IF_MATCH": '"1"'}
    detail = {
        "GET": read,
        "PUT": change(200),
        "PATCH": change(200),
        "DELETE": change(204),
        "POST": every(405),
    }
    detail_options = {
        "put": {"body": update, "json": True, "headers": version},
        "patch": {"body": update, "json": True, "headers": version},
        "delete": {"headers": version},
    }
    listing = {"GET": every(200), "POST": create_expect, "*": every(405)}
    list_options = {"post": {"body": create, "json": True}}
    restore = {"POST": history, "*": every(405)}
    verify = {
        "POST": roles(
            404, **{**dict.fromkeys(readers, 403), **dict.fromkeys(verifiers, 200)}
        ),
        "*": every(405),
    }
    verify_options = {"post": {"body": {}, "json": True, "headers": version}}
    restore_options = {
        "post": {
            "body": {"revision": f"{{{revision}}}"},
            "json": True,
            "headers": version,
        }
    }
    path = f"/api/{route}"
    return [
        *methods(f"{base}/$", f"{path}/", listing, **list_options),
        *methods(f"{base}{SUFFIX}", f"{path}.json", listing, **list_options),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/$",
            f"{path}/{{{feature}}}/",
            detail,
            **detail_options,
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+){SUFFIX}",
            f"{path}/{{{feature}}}.json",
            detail,
            **detail_options,
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/history/$",
            f"{path}/{{{feature}}}/history/",
            {"GET": history, "*": every(405)},
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/history{SUFFIX}",
            f"{path}/{{{feature}}}/history.json",
            {"GET": history, "*": every(405)},
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/restore/$",
            f"{path}/{{{feature}}}/restore/",
            restore,
            **restore_options,
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/restore{SUFFIX}",
            f"{path}/{{{feature}}}/restore.json",
            restore,
            **restore_options,
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/verify/$",
            f"{path}/{{{feature}}}/verify/",
            verify,
            **verify_options,
        ),
        *methods(
            f"{base}/(?P<pk>[^/.]+)/verify{SUFFIX}",
            f"{path}/{{{feature}}}/verify.json",
            verify,
            **verify_options,
        ),
    ]
