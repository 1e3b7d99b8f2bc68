from django.urls import path
from django.views.generic import RedirectView

from . import views

# /login/ (the admin's form) is the only way in; allauth's own login, sign-up and
# e-mail pages are sent back there or to the dashboard.
_to_login = RedirectView.as_view(pattern_name="admin:login", query_string=True)

urlpatterns = [
    path("accounts/sessions/", views.sessions, name="security-sessions"),
    path("accounts/login/", _to_login),
    path("accounts/signup/", _to_login),
    path("accounts/email/", RedirectView.as_view(url="/")),
]
