"""Two-factor authentication (allauth.mfa: TOTP and recovery codes).

With CT_MFA_REQUIRED (on when CT_ENV=production) a signed-in user without a TOTP
authenticator is sent to set one up before anything else, and cannot remove it.
TOTP secrets are stored encrypted (Fernet, key derived from CT_MFA_KEY or SECRET_KEY).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

MFA_OK = "_ct_mfa_ok"
ENCRYPTED_PREFIX = "fernet:"
# Paths a user without TOTP may still reach: the setup itself, its re-authentication,
# logging out, and the assets those pages load.
SETUP_PATHS = ("/accounts/2fa/", "/accounts/reauthenticate/", "/logout/", "/accounts/logout/", "/static/", "/jsi18n/")


def _fernet() -> Fernet:
    secret = getattr(settings, "CT_MFA_KEY", "") or settings.SECRET_KEY
    key = hashlib.sha256(f"casetracker-mfa:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return ENCRYPTED_PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(ENCRYPTED_PREFIX):
            return encrypted_text  # written before encryption was switched on
        try:
            return _fernet().decrypt(encrypted_text[len(ENCRYPTED_PREFIX) :].encode()).decode()
        except InvalidToken:
            return ""  # the key changed: the authenticator no longer verifies

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not settings.CT_MFA_REQUIRED


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """When MFA is required, a user without TOTP sees only the TOTP setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.CT_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not request.session.get(MFA_OK)
            and not request.path.startswith(SETUP_PATHS)
        ):
            if not has_totp(user):
                return self._to_setup(request)
            request.session[MFA_OK] = True
        return self.get_response(request)

    def _to_setup(self, request: HttpRequest) -> HttpResponse:
        message = _("Two-factor authentication is required. Set up an authenticator app to continue.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "mfa_setup_required"}, status=403)
        messages.warning(request, message)
        return HttpResponseRedirect(reverse("mfa_activate_totp"))


# --- Wrong codes count toward the lockout --------------------------------------------


def _count_failed_code(sender, request=None, user=None, **kwargs) -> None:
    """A wrong TOTP or recovery code is a failed login for axes (per account and address)."""
    from django.contrib.auth.signals import user_login_failed

    if request is not None and user is not None:
        user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)


def authenticate_step(request: HttpRequest) -> HttpResponse:
    """allauth's code step, refused while the account or the address is locked out."""
    from allauth.account.internal.stagekit import unstash_login
    from allauth.mfa.base.views import authenticate
    from axes.handlers.proxy import AxesProxyHandler

    from .lockout import lockout_response

    pending = unstash_login(request, peek=True)
    if pending is not None and pending.user is not None:
        if AxesProxyHandler.is_locked(request, {"username": pending.user.email}):
            return lockout_response(request)
    return authenticate(request)
