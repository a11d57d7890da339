"""Rasters (issue 14): the public sees none of them (an orthophoto shows every
yard); whoever sees kelurahan A's non-public layers (its surveyor and lurah,
planners, the city admin) sees its rasters page, tiles, plot statistics and
candidate idle land; only its lurah and the city admin upload, search for
candidates, accept or dismiss them and remove a raster. Raster A is lurah A's land-cover
raster of kelurahan A, candidate A the idle square it suggests."""

from tests.access.matrix import every, methods, roles

TO_LOGIN = 302
OF_A = ("surveyor_a", "lurah_a", "planner", "granted_planner", "admin")
# Those who may not see A's rasters are refused on the kelurahan's endpoints
# (403) and do not find A's raster, plot statistics or candidate (404).
SEES_A = roles(403, **dict.fromkeys(OF_A, 200))
FINDS_A = roles(404, **dict.fromkeys(OF_A, 200))
# A candidate the reviewer sees but may not review is refused; one they do
# not see is not found.
REVIEWS_A = roles(404, **{**dict.fromkeys(OF_A, 403), "lurah_a": 200, "admin": 200})
NOT_ALLOWED = every(405)

CASES = [
    *methods(
        "raster/",
        "/raster/",
        # The top bar's link goes to the user's kelurahan (the first for
        # those who see every one), whatever the method: a redirect only.
        {"*": every(302)},
    ),
    *methods(
        "raster/k/<slug:slug>/",
        "/raster/k/{kelurahan_a_slug}/",
        # A page of a plain view: any method shows it, none changes anything.
        {"*": {**SEES_A, "anonymous": TO_LOGIN}},
    ),
    *methods(
        "raster/k/<slug:slug>/unggah/",
        "/raster/k/{kelurahan_a_slug}/unggah/",
        {
            # No file sent: refused before the file is looked at (403) to
            # those who may not upload, the form's errors (400) to the others.
            "POST": roles(403, lurah_a=400, admin=400),
            "*": NOT_ALLOWED,
        },
    ),
    *methods(
        "raster/k/<slug:slug>/kandidat/",
        "/raster/k/{kelurahan_a_slug}/kandidat/",
        {"GET": SEES_A, "*": NOT_ALLOWED},
    ),
    *methods(
        "raster/k/<slug:slug>/kandidat/cari/",
        "/raster/k/{kelurahan_a_slug}/kandidat/cari/",
        {"POST": roles(403, lurah_a=200, admin=200), "*": NOT_ALLOWED},
        post={"body": {"raster": "{raster_a}"}},
    ),
    *methods(
        "raster/kandidat/<int:pk>/terima/",
        "/raster/kandidat/{candidate_a}/terima/",
        {"POST": REVIEWS_A, "*": NOT_ALLOWED},
    ),
    *methods(
        "raster/kandidat/<int:pk>/tolak/",
        "/raster/kandidat/{candidate_a}/tolak/",
        {"POST": REVIEWS_A, "*": NOT_ALLOWED},
    ),
    *methods(
        # How lurah A's upload got on: those who may upload to A follow it;
        # to the others it does not exist.
        "raster/unggahan/<int:pk>/",
        "/raster/unggahan/{raster_upload_a}/",
        {"GET": roles(404, lurah_a=200, admin=200), "*": NOT_ALLOWED},
    ),
    *methods(
        # Removing raster A: refused to those who see it, not found by the
        # others (the removal of each allowed case is rolled back).
        "raster/<int:pk>/hapus/",
        "/raster/{raster_a}/hapus/",
        {"POST": REVIEWS_A, "*": NOT_ALLOWED},
    ),
    *methods(
        "raster/petak/<int:pk>/statistik/",
        # Plot A is verified, so public; its statistics come from rasters.
        "/raster/petak/{plot_a}/statistik/",
        {"GET": FINDS_A, "*": NOT_ALLOWED},
    ),
    *methods(
        "raster/<int:pk>/ubin/<int:z>/<int:x>/<int:y>.png",
        "/raster/{raster_a}/ubin/{tile_z}/{tile_x}/{tile_y}.png",
        {"GET": FINDS_A, "*": NOT_ALLOWED},
    ),
]
