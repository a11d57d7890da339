"""Token authentication for the REST API, OGC API – Features and the tiles.

DRF's TokenAuthentication reads the key with the ORM (``select_related("user")
.get(key=…)``), which compiles a two-table query on every request: 1.4 ms of a
token request's time in-process and about 1.9 ms under gunicorn on the
benchmark machine, more than the SQL of most tiles. Here the same lookup is one
fixed statement whose row becomes the user, with the user's Profile (role and
kelurahan, which spatial.permissions reads next, a query of its own
otherwise); keys, errors and the ``Token`` header are DRF's, and a deleted or
inactive user's key is refused as before."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from spatial.models import Profile


def _columns(model, alias):
    return [f'{alias}."{f.column}"' for f in model._meta.concrete_fields]


def _statement():
    user = get_user_model()._meta
    columns = ", ".join(_columns(get_user_model(), "u") + _columns(Profile, "p"))
    return (
        f"SELECT {columns} "  # noqa: S608 - names from the models
        f'FROM "{user.db_table}" u '
        f'JOIN "{Token._meta.db_table}" t ON t.user_id = u."{user.pk.column}" '
        f'LEFT JOIN "{Profile._meta.db_table}" p ON p.user_id = u."{user.pk.column}" '
        "WHERE t.key = %s"
    )


def _user_with_profile(row):
    """The row as the user and, when there is one, its Profile (cached on the
    user, as ``user.profile`` would load it)."""
    model = get_user_model()
    names = [f.attname for f in model._meta.concrete_fields]
    user = model.from_db(DEFAULT_DB_ALIAS, names, row[: len(names)])
    profile = row[len(names) :]
    if profile[0] is not None:  # the Profile's id: LEFT JOIN found one
        user.profile = Profile.from_db(
            DEFAULT_DB_ALIAS,
            [f.attname for f in Profile._meta.concrete_fields],
            profile,
        )
    return user


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        with connection.cursor() as cursor:
            cursor.execute(_statement(), [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = _user_with_profile(row)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # request.auth: the key as DRF gives it, without reading the row again.
        return user, Token(key=key, user=user)
