from django import forms
from unfold.forms import AuthenticationForm
from unfold.sites import UnfoldAdminSite


class EmailAuthenticationForm(AuthenticationForm):
    """The login form: an email field and a password field."""

    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class CasetrackerAdminSite(UnfoldAdminSite):
    """The whole browser UI: Django admin styled by unfold, mounted at the site root."""

    site_title = "Casetracker"
    site_header = "Casetracker"
    index_title = "Dashboard"
    login_form = EmailAuthenticationForm
