"""Sessions end after WAKUNCAR_SESSION_IDLE_HOURS without a request."""

import time

from django.conf import settings

REFRESHED = "_wakuncar_refreshed"


def refresh_interval_s():
    # A few minutes of slack on an 8-hour limit, and no session write per
    # request (which SESSION_SAVE_EVERY_REQUEST would cost).
    return min(300, settings.SESSION_COOKIE_AGE / 10)


class IdleSessionMiddleware:
    """A session in use is saved again, which moves its end (and its cookie's)
    to SESSION_COOKIE_AGE from now, at most once per refresh interval; one left
    alone expires SESSION_COOKIE_AGE after its last refresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = time.time()
        if now - session.get(REFRESHED, 0) >= refresh_interval_s():
            session[REFRESHED] = now
        return response


def stamp_login(sender, request, user, **kwargs):
    """A login saves the session anyway: the first refresh rides on it."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED] = time.time()
