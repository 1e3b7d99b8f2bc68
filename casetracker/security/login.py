"""/login/: the admin's email + password form, then allauth's login steps (MFA).

The form is the one the admin site has always shown (unfold's look, an email field
and a password field); ``authenticate(request, ...)`` runs behind it, so the lockout
applies. A correct password is handed to allauth's login flow, which records the
authentication (for re-authentication later), asks for the TOTP or a recovery code
when the user has set one up, and only then logs the user in.
"""

from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


class CasetrackerLoginView(LoginView):
    template_name = "admin/login.html"
    redirect_authenticated_user = False

    def get_form_class(self):
        return admin.site.login_form

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                **admin.site.each_context(self.request),
                "title": _("Log in"),
                "subtitle": None,
                "app_path": self.request.get_full_path(),
                "username": self.request.user.get_username(),
            }
        )
        if REDIRECT_FIELD_NAME not in self.request.GET and REDIRECT_FIELD_NAME not in self.request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index")
        return context

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        login = Login(user=user, email=user.email, redirect_url=self.get_success_url())
        return perform_password_login(self.request, {"email": user.email}, login)


def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and admin.site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index"))
    request.current_app = admin.site.name
    return CasetrackerLoginView.as_view()(request)
