"""Survey uploads: the uploader, the lurah of the upload's kelurahan and the
city admin; planners and the public have no upload page."""

from tests.access.matrix import methods, roles

TO_LOGIN = 302
# Upload A: surveyor A's, in kelurahan A, checked (a preview).
REVIEWERS_OF_A = roles(404, anonymous=TO_LOGIN, surveyor_a=200, lurah_a=200, admin=200)
# Checking and committing answer by going back to the upload's page.
WRITERS_OF_A = roles(404, anonymous=TO_LOGIN, surveyor_a=302, lurah_a=302, admin=302)
NOT_GET = roles(405, anonymous=TO_LOGIN)
NOT_POST = roles(405, anonymous=TO_LOGIN)

CASES = [
    *methods(
        "unggah/",
        "/unggah/",
        {
            "GET": roles(200, anonymous=TO_LOGIN, planner=403, granted_planner=403),
            # No file sent: the form again, with its error.
            "POST": roles(400, anonymous=TO_LOGIN, planner=403, granted_planner=403),
            # Any other method shows the page.
            "*": roles(200, anonymous=TO_LOGIN, planner=403, granted_planner=403),
        },
    ),
    *methods(
        "unggah/<int:pk>/",
        "/unggah/{upload_a}/",
        {"GET": REVIEWERS_OF_A, "*": NOT_GET},
    ),
    *methods(
        "unggah/<int:pk>/periksa/",
        "/unggah/{upload_a}/periksa/",
        {"POST": WRITERS_OF_A, "*": NOT_POST},
    ),
    *methods(
        "unggah/<int:pk>/simpan/",
        "/unggah/{upload_a}/simpan/",
        {"POST": WRITERS_OF_A, "*": NOT_POST},
    ),
    *methods(
        "unggah/<int:pk>/ditolak.csv",
        "/unggah/{upload_a}/ditolak.csv",
        {
            "GET": roles(
                404, anonymous=TO_LOGIN, surveyor_a=200, lurah_a=403, admin=200
            ),
            "*": NOT_GET,
        },
    ),
    *methods(
        "unggah/<int:pk>/ditolak.xlsx",
        "/unggah/{upload_a}/ditolak.xlsx",
        {
            "GET": roles(
                404, anonymous=TO_LOGIN, surveyor_a=200, lurah_a=403, admin=200
            ),
            "*": NOT_GET,
        },
    ),
    *methods(
        "unggah/kemajuan/<str:token>/",
        "/unggah/kemajuan/no-such-token/",
        {"GET": roles(200, anonymous=TO_LOGIN), "*": NOT_GET},
    ),
]
