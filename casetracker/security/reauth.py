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
