"""Which address a request came from, for login throttling."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind our TLS proxy (BEHIND_TLS_PROXY) the address the
    proxy appended last to X-Forwarded-For: entries before it are whatever the
    client chose to send."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
