"""Re-authentication before sensitive actions (exports, MFA changes, roles, tokens).

Use on a view::

    from casetracker.security.reauth import reauthentication_required

    @login_required
    @reauthentication_required
    def export(request): ...

or inside one (e.g. a DRF view or an admin action)::

    if needs_reauthentication(request):
        return redirect_to_reauthenticate(request)

The user is asked for their password again (and their TOTP code on the MFA pages)
unless they gave it in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds (5 minutes).
A POST that needed re-authentication is replayed once the password is given.
"""

from allauth.account.decorators import reauthentication_required as _allauth_reauthentication_required
from allauth.account.internal.flows.reauthentication import is_reauthentication_required, suspend_request
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def reauthentication_required(function=None, *, allow_get: bool = False):
    """View decorator: recent password needed; GET passes too when ``allow_get``."""
    decorator = _allauth_reauthentication_required(allow_get=allow_get)
    return decorator(function) if function else decorator


def needs_reauthentication(request: HttpRequest) -> bool:
    return is_reauthentication_required(request, app="")


def redirect_to_reauthenticate(request: HttpRequest) -> HttpResponseRedirect:
    """Send the user to the password prompt; they come back to this URL afterwards."""
    return suspend_request(request, reverse("account_reauthenticate"))


# Admin pages that change who may see what: roles, users, groups.
SENSITIVE_ADMIN_VIEWS = (
    "casetracker_membership_",
    "casetracker_user_",
    "auth_group_",
)


class ReauthenticateAdminChangesMiddleware:
    """A POST that changes roles, users or groups in the admin needs a recent password.

    On when CT_REAUTH_ADMIN_CHANGES is (CT_ENV=production by default). The POST is
    kept and replayed once the password is given.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from django.conf import settings

        if not settings.CT_REAUTH_ADMIN_CHANGES or request.method != "POST":
            return None
        match = request.resolver_match
        if match is None or match.namespace != "admin" or not match.url_name:
            return None
        if not match.url_name.startswith(SENSITIVE_ADMIN_VIEWS) or match.url_name.endswith("_changelist"):
            return None
        if request.user.is_authenticated and needs_reauthentication(request):
            return redirect_to_reauthenticate(request)
        return None
