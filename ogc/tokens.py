"""The user's API token (DRF's authtoken): one per user, for QGIS, scripts and
the city's SPBE systems; made again to replace a leaked one, or revoked."""

from rest_framework.authtoken.models import Token


def token_of(user):
    return Token.objects.filter(user=user).first()


def token_renew(*, user):
    """A new key for ``user``; any older one stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user):
    Token.objects.filter(user=user).delete()
