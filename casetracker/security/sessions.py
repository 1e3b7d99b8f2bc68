"""Session lifetime: 30 minutes idle, 12 hours in all, and the list of a user's sessions.

The login time and the last activity are kept in the session itself and checked on
every request. The last activity is written at most once a minute, so that an active
user costs one session write a minute, not one per request. Each login also writes
an allauth ``UserSession`` row (address, browser, times) so that the user can see
their sessions and end them (casetracker/security/views.py).
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STARTED = "_ct_started_at"  # epoch seconds of the login
SEEN = "_ct_seen_at"  # epoch seconds of the last request (to the minute)
SEEN_RESOLUTION = 60


def _now() -> float:
    return timezone.now().timestamp()


def expiry_reason(session, now: float) -> str | None:
    """Why this session is over, or None while it is still good."""
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is not None and now - started > settings.CT_SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if seen is not None and now - seen > settings.CT_SESSION_IDLE_SECONDS:
        return "idle"
    return None


def _track(request: HttpRequest) -> None:
    """Keep the user's session row (address, last seen) in step, once a minute."""
    from allauth.usersessions.models import UserSession

    updated = UserSession.objects.filter(session_key=request.session.session_key).update(
        last_seen_at=timezone.now()
    )
    if not updated:
        record_session(request, request.user)


def record_session(request: HttpRequest, user) -> None:
    """Write the UserSession row for this login; a request without an address is skipped."""
    from allauth.usersessions.models import UserSession

    if not request.META.get("REMOTE_ADDR") or not request.session.session_key:
        return  # the test client's force_login, a shell
    try:
        UserSession.objects.create_from_request(request, user=user)
    except Exception:  # a session list entry must never stop a login
        logger.exception("could not record the session")


class SessionTimeoutMiddleware:
    """Logs out a session idle for 30 minutes or older than 12 hours, on the server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = _now()
            reason = expiry_reason(request.session, now)
            if reason:
                return self._expired(request, reason)
            if request.session.get(STARTED) is None:
                request.session[STARTED] = now  # a session from before this middleware
            if now - request.session.get(SEEN, 0) >= SEEN_RESOLUTION:
                request.session[SEEN] = now
                _track(request)
        return self.get_response(request)

    def _expired(self, request: HttpRequest, reason: str) -> HttpResponse:
        logout(request)  # flushes the session on the server
        message = (
            _("You were signed out after 30 minutes without activity. Please sign in again.")
            if reason == "idle"
            else _("Your session reached its 12-hour limit. Please sign in again.")
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "session_expired"}, status=401)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


@receiver(user_logged_in, dispatch_uid="ct_session_started")
def _session_started(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[STARTED] = now
    request.session[SEEN] = now
    record_session(request, user)


def end_sessions_of(user) -> int:
    """End every recorded session of the user on the server (deactivation, role change)."""
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user_id=user.pk))
    for session in sessions:
        session.end()
    return len(sessions)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="ct_deactivated_user_sessions")
def _deactivated(sender, instance, created, **kwargs) -> None:
    if not created and not instance.is_active:
        end_sessions_of(instance)
