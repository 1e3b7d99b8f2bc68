from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .login import login_view
from .mfa import authenticate_step

# /login/ (the admin's form) is the only way in; allauth's own login, sign-up and
# e-mail pages are sent back there or to the dashboard.
_to_login = RedirectView.as_view(pattern_name="admin:login", query_string=True)

urlpatterns = [
    # Ahead of the admin's own "login/": the same form, followed by the MFA step.
    path("login/", login_view, name="security-login"),
    path("accounts/sessions/", views.sessions, name="security-sessions"),
    path("accounts/login/", _to_login),
    path("accounts/signup/", _to_login),
    path("accounts/email/", RedirectView.as_view(url="/")),
    path("accounts/2fa/authenticate/", authenticate_step, name="security-mfa-authenticate"),
    # allauth: /accounts/2fa/ (TOTP, recovery codes), /accounts/reauthenticate/, password change.
    path("accounts/", include("allauth.urls")),
]
