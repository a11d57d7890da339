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
    columns = ", ".join(
        _columns(get_user_model(), "u") + _columns(Profile, "p") + _columns(Token, "t")
    )
    return (
        f"SELECT {columns} "  # noqa: S608 - names from the models
        f'FROM "{user.db_table}" u '
        f'JOIN "{Token._meta.db_table}" t ON t.user_id = u."{user.pk.column}" '
        f'LEFT JOIN "{Profile._meta.db_table}" p ON p.user_id = u."{user.pk.column}" '
        "WHERE t.key = %s"
    )


def _rows(row, *models):
    """Each model's instance from its slice of ``row``, or None where the
    LEFT JOIN found no row (its primary key is NULL)."""
    found, start = [], 0
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields]
        values = row[start : start + len(names)]
        start += len(names)
        pk = values[names.index(model._meta.pk.attname)]
        found.append(
            None if pk is None else model.from_db(DEFAULT_DB_ALIAS, names, values)
        )
    return found


def _user_with_profile(row):
    """The user, with its Profile cached on it as ``user.profile`` would load
    it (or its absence, so that is not asked again), and the Token row."""
    user, profile, token = _rows(row, get_user_model(), Profile, Token)
    user._meta.get_field("profile").set_cached_value(user, profile)
    if profile is not None:
        profile.user = user
    token.user = user
    return user, token


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        with connection.cursor() as cursor:
            cursor.execute(_statement(), [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, token = _user_with_profile(row)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token
