"""Response headers for signed-in pages."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    Case pages, exports and API answers must not stay in a browser's or a proxy's
    cache where the next person at a shared computer could open them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
