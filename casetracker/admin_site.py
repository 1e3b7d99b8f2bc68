from django import forms
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.forms import AuthenticationForm
from unfold.sites import UnfoldAdminSite


class EmailAuthenticationForm(AuthenticationForm):
    """The login form: an email field and a password field."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class CasetrackerAdminSite(UnfoldAdminSite):
    """The whole browser UI: Django admin styled by unfold, mounted at the site root."""

    site_title = "Casetracker"
    site_header = "Casetracker"
    index_title = _("Dashboard")
    index_template = "admin/dashboard.html"
    login_form = EmailAuthenticationForm

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        context["styles"] = [*context.get("styles", []), static("casetracker/casetracker.css")]
        # The language switcher in the header posts here: remembered on the user.
        context["show_languages"] = True
        context["languages_action"] = reverse("ui-language")
        return context

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        """The dashboard: my hearings and deadlines, alerts, long detentions, counts by stage."""
        from cases import dashboard

        return super().index(request, extra_context={**dashboard.context(request.user), **(extra_context or {})})
