"""The Perda dashboard: totals for everyone; the records behind an RT's
warning for its kelurahan's staff, planners and the city admin; the monthly
report for everyone (with personal data only for those who may see it, which
the matrix's personal-data scan checks); the thresholds are the city admin's."""

from tests.access.matrix import every, methods, roles

TO_LOGIN = 302
READ = {"GET": every(200), "*": every(405)}
STAFF_OF_A = roles(
    403, surveyor_a=200, lurah_a=200, planner=200, granted_planner=200, admin=200
)
MONTH = "2026-11"

CASES = [
    *methods("perda/", "/perda/", READ),
    *methods(
        "perda/ambang/",
        "/perda/ambang/",
        {
            "GET": roles(403, anonymous=TO_LOGIN, admin=200),
            # Nothing sent: the form again with its errors.
            "POST": roles(403, anonymous=TO_LOGIN, admin=400),
            "*": roles(405, anonymous=TO_LOGIN),
        },
    ),
    *methods(
        "perda/fasilitas/<int:pk>/layanan.json",
        "/perda/fasilitas/{point_a}/layanan.json",
        READ,
    ),
    *methods("perda/<slug:slug>/", "/perda/{kelurahan_a_slug}/", READ),
    *methods(
        "perda/<slug:slug>/rt/<int:rt_id>.json",
        "/perda/{kelurahan_a_slug}/rt/{rt_a}.json",
        {"GET": STAFF_OF_A, "*": every(405)},
    ),
    *methods("perda/<slug:slug>/laporan/", "/perda/{kelurahan_a_slug}/laporan/", READ),
    *methods(
        "perda/<slug:slug>/laporan/<str:month>/",
        f"/perda/{{kelurahan_a_slug}}/laporan/{MONTH}/",
        READ,
    ),
    *methods(
        "perda/<slug:slug>/laporan/<str:month>.pdf",
        f"/perda/{{kelurahan_a_slug}}/laporan/{MONTH}.pdf",
        READ,
    ),
]
