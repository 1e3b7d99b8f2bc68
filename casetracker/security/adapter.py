"""allauth's behaviour for Casetracker: nobody signs up, addresses come from the proxy."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from .ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts are created by administrators and coordinators

    def reauthenticate(self, user, password: str) -> bool:
        """The password prompt before a sensitive action; goes through the lockout."""
        from allauth.core import context

        again = self.authenticate(context.request, email=user.email, password=password)
        return again is not None and again.pk == user.pk

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request) or "0.0.0.0"
