"""Pages of the site, the login and the language switcher."""

from tests.access.matrix import every, methods, roles

LOGIN_REDIRECT = 302

CASES = [
    # The home map accepts any method and shows each role its layers.
    *methods("", "/", {"*": every(200)}),
    *methods(
        "peta/",
        "/peta/",
        {"*": roles(200, anonymous=LOGIN_REDIRECT)},
    ),
    # Someone else's kelurahan: refused to a lurah or surveyor of A.
    *methods(
        "peta/",
        "/peta/?kelurahan={kelurahan_b_slug}",
        {
            "GET": roles(
                200,
                anonymous=LOGIN_REDIRECT,
                surveyor_a=403,
                lurah_a=403,
            )
        },
    ),
    # Where each role lands after logging in: lurah and surveyors on their
    # map, the others on the city overview.
    *methods("mulai/", "/mulai/", {"*": every(302)}),
    *methods(
        "peta/cari/",
        "/peta/cari/?q=RT",
        {"*": roles(200, anonymous=LOGIN_REDIRECT)},
    ),
    *methods(
        "masuk/",
        "/masuk/",
        {
            "GET": every(200),
            "POST": every(200),  # no credentials: the form again
            "PUT": every(200),  # FormView treats PUT as POST
            "PATCH": every(405),
            "DELETE": every(405),
        },
    ),
    *methods(
        "keluar/",
        "/keluar/",
        {"POST": every(302), "*": every(405)},
    ),
    *methods("i18n/setlang/", "/i18n/setlang/", {"*": every(302)}),
]
