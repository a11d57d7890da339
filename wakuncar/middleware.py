from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation


class ChosenLanguageMiddleware:
    """Bahasa Indonesia unless the user picked another language with the switcher
    (a cookie). The browser's Accept-Language is ignored on purpose: kelurahan
    offices often run English-language browsers, and the UI must stay Indonesian
    for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class CompressedPagesMiddleware(GZipMiddleware):
    """Pages and JSON (the map's layers) gzipped for a phone on 3G; static
    files come compressed from WhiteNoise, and downloads (streamed exports,
    already-zipped files) go as they are. Django's GZipMiddleware pads its
    output against BREACH (Django 4.2+)."""

    def process_response(self, request, response):
        if response.streaming:
            return response
        return super().process_response(request, response)
