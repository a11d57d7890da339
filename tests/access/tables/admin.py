"""The Django admin is the city admin's alone: every other role, and the
public, is sent to the admin's login for every page and method. Rows are made
for every model registered, so a model added later is covered as it is."""

from django.contrib import admin

from tests.access.matrix import every, methods, roles

TO_LOGIN = 302
# The planted object each model's pages open; models without one are asked
# for id 0, which the admin answers by going back to its index (302).
OBJECTS = {
    "spatial.kecamatan": "kecamatan",
    "spatial.kelurahan": "kelurahan_a",
    "spatial.rw": "rw_a",
    "spatial.rt": "rt_a",
    "spatial.profile": "profile_lurah_a",
    "spatial.revision": "plot_a_revision",
    "spatial.personaldataaccess": "personal_read",
    "households.household": "household_a",
    "landuse.idleplot": "plot_a",
    "waste.wastepoint": "point_a",
    "auth.user": "user_lurah_a",
}
# Logs are read-only: no add, no change, no delete, even for the city admin;
# the Perda thresholds change through their own page, which keeps a history.
READ_ONLY = {
    "spatial.revision",
    "spatial.personaldataaccess",
    "perda.threshold",
    "perda.thresholdchange",
    "perda.snapshot",
}
# Background jobs (django-tasks' database queue) are the worker's own
# records, read-only in its admin.
READ_ONLY |= {"django_tasks_database.dbtaskresult"}
# Login attempts are axes' own records: none are added by hand.
NO_ADD = READ_ONLY | {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def city_admin(status):
    return roles(TO_LOGIN, admin=status)


def model_cases(model, model_admin):
    label = model._meta.label_lower
    app, name = label.split(".")
    base = f"admin/{app}/{name}/"
    obj = f"{{{OBJECTS[label]}}}" if label in OBJECTS else "0"
    found = label in OBJECTS
    read_only = label in READ_ONLY
    page = 200 if found else 302
    as_get = city_admin(page)
    return [
        *methods(base, f"/{base}", {"*": city_admin(200)}),
        *methods(
            f"{base}add/",
            f"/{base}add/",
            {"*": city_admin(403 if label in NO_ADD else 200)},
        ),
        *methods(
            f"{base}<path:object_id>/history/",
            f"/{base}{obj}/history/",
            {"*": as_get},
        ),
        *methods(
            f"{base}<path:object_id>/delete/",
            f"/{base}{obj}/delete/",
            {"*": city_admin(403 if read_only else page)},
        ),
        *methods(
            f"{base}<path:object_id>/change/",
            f"/{base}{obj}/change/",
            {"POST": city_admin(403 if read_only else page), "*": as_get},
        ),
        *methods(
            f"{base}<path:object_id>/",
            f"/{base}{obj}/",
            {"*": city_admin(302)},
        ),
    ]


def cases():
    rows = []
    for model, model_admin in admin.site._registry.items():
        rows += model_cases(model, model_admin)
    # In the order Django's admin builds its app-index pattern.
    apps = "|".join(dict.fromkeys(m._meta.app_label for m in admin.site._registry))
    rows += [
        *methods(
            "admin/auth/user/<id>/password/",
            "/admin/auth/user/{user_lurah_a}/password/",
            {"*": city_admin(200)},
        ),
        *methods("admin/", "/admin/", {"*": city_admin(200)}),
        *methods(
            f"admin/^(?P<app_label>{apps})/$",
            "/admin/spatial/",
            {"*": city_admin(200)},
        ),
        *methods(
            "admin/login/",
            "/admin/login/",
            {
                "GET": roles(200, admin=302),
                # No credentials sent: the form again.
                "POST": every(200),
                "PUT": every(200),
                "*": every(405),
            },
        ),
        *methods(
            "admin/logout/",
            "/admin/logout/",
            {"POST": city_admin(302), "*": city_admin(405)},
        ),
        *methods(
            "admin/password_change/",
            "/admin/password_change/",
            {"PATCH": city_admin(405), "DELETE": city_admin(405), "*": city_admin(200)},
        ),
        *methods(
            "admin/password_change/done/",
            "/admin/password_change/done/",
            {"GET": city_admin(200), "*": city_admin(405)},
        ),
        *methods(
            "admin/autocomplete/",
            "/admin/autocomplete/",
            # Without the field to complete, even the city admin gets nothing.
            {"GET": city_admin(403), "*": city_admin(405)},
        ),
        *methods(
            "admin/jsi18n/",
            "/admin/jsi18n/",
            {"GET": city_admin(200), "*": city_admin(405)},
        ),
        *methods(
            "admin/r/<path:content_type_id>/<path:object_id>/",
            "/admin/r/0/0/",
            {"*": city_admin(404)},
        ),
        *methods(
            "admin/(?P<url>.*)$",
            "/admin/nothing-here/",
            {"*": city_admin(404)},
        ),
    ]
    return rows
