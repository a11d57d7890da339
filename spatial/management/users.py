"""Whom a management command acts for."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from spatial.permissions import stand_in


def acting_user(username, *, default_role=None):
    """The user named by ``--user``; without one, a stand-in holding
    ``default_role`` (or None, for commands that act on nobody's behalf)."""
    if not username:
        return stand_in(default_role) if default_role else None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.")
    return user
