"""Responses that may carry personal data are never stored by a browser or a
proxy. Decided here, once, for every view present and future."""

from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateResponseMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user.

    Personal data (UU 27/2022) goes only to logged-in roles, through pages, the
    API, exports and downloads alike; marking each such view would let a new
    one forget. What the public sees (boundaries, verified plots, totals) may
    still be cached. Static files are served before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
