"""The user's own security pages: active sessions (see and end them)."""

from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from casetracker import audit
from casetracker.models import AuditEntry


def _describe(session: UserSession, current_key: str) -> dict:
    return {
        "id": session.pk,
        "ip": session.ip,
        "user_agent": session.user_agent,
        "created_at": session.created_at,
        "last_seen_at": session.last_seen_at,
        "current": session.session_key == current_key,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponse:
    """GET lists my sessions; POST ends one (`end=<id>`) or all the others (`end=others`)."""
    current_key = request.session.session_key
    mine = sorted(UserSession.objects.purge_and_list(request.user), key=lambda s: s.created_at, reverse=True)
    if request.method == "POST":
        target = request.POST.get("end", "")
        if target == "others":
            ended = [s for s in mine if s.session_key != current_key]
        else:
            ended = [s for s in mine if str(s.pk) == target]  # only my own rows can match
        ends_current = any(s.session_key == current_key for s in ended)
        for session in ended:
            session.end()
        if ended:
            audit.record(AuditEntry.Action.SECURITY, request=request, change="sessions_ended", count=len(ended))
        if ends_current:
            logout(request)
            return redirect("admin:login")
        messages.success(request, _("Sessions ended: %(count)d.") % {"count": len(ended)})
        return redirect("security-sessions")
    context = {
        **admin.site.each_context(request),
        "title": _("Your active sessions"),
        "sessions": [_describe(s, current_key) for s in mine],
    }
    return TemplateResponse(request, "security/sessions.html", context)
