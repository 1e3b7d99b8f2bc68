"""Login lockout (django-axes): per account and per address, for every login path.

Every login path calls ``django.contrib.auth.authenticate(request, ...)`` with the
request: the admin/login form at /login/, allauth's re-authentication, and the API
token endpoint. ``LockoutBackend`` (first in AUTHENTICATION_BACKENDS) refuses a locked
account or address before any password is checked, and axes counts each failure from
Django's ``user_login_failed`` signal. A view that authenticates by hand must pass
the request too, e.g. in a DRF serializer::

    user = authenticate(request=self.context["request"], email=email, password=password)
    if user is None and getattr(request, "axes_locked_out", False):
        ...  # AxesMiddleware turns the response into the 429 lockout answer

Nothing else is needed: AxesMiddleware replaces the response of a locked request
with ``lockout_response`` (JSON under /api/, the lockout page elsewhere).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check; silent when there is no request to tie the attempt to.

    Axes raises when called without a request. Management commands, shell sessions
    and the test client's ``login()`` authenticate without one; they are not an
    attack surface, so they skip the check instead of crashing.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_name(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account an attempt was for, normalized so that case and spaces do not dodge the count."""
    value = None
    for key in ("username", "email", "login"):
        if credentials and credentials.get(key):
            value = credentials[key]
            break
    if value is None and request is not None:
        data = getattr(request, "POST", {}) or {}
        value = next((data.get(key) for key in ("username", "email", "login") if data.get(key)), None)
    return str(value).strip().lower() if value else None


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts for this account or from this network. "
        "Signing in is blocked for %(minutes)d minutes. Try again later, or ask your "
        "coordinator or administrator for help."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a locked-out attempt: 429 with a clear message, never a 500."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=status)
    context = {**admin.site.each_context(request), "title": _("Sign-in blocked"), "message": message}
    return render(request, "security/lockout.html", context, status=status)


def log_label(username, ip_address, user_agent, path_info, request) -> str:
    """What axes writes to the log about an attempt: the path, never the email address."""
    return f"{{path_info: {path_info!r}}}"
