"""The language switcher: a signed-in user's choice is kept on the user (so it follows
them to another browser and into their emails) and in the language cookie (so the
login page and pages outside the admin follow it too)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _set_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 60 * 60,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """POST language=en|ru (and next=): switch, remember, go back."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in LANGUAGE_CODES:
        return response
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    _set_cookie(response, language)
    return response


class UserLanguageMiddleware:
    """After authentication: pages speak the signed-in user's language."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        previous = translation.get_language()
        language = None
        if user is not None and user.is_authenticated and user.language in LANGUAGE_CODES:
            language = user.language
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            name = settings.LANGUAGE_COOKIE_NAME
            if request.COOKIES.get(name) != language and name not in response.cookies:  # the switcher sets its own
                _set_cookie(response, language)
            translation.activate(previous)  # the thread goes back to what LocaleMiddleware chose
        return response
