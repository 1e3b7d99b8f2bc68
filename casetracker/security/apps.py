from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Authentication and hardening; no models of its own (allauth and axes bring theirs)."""

    name = "casetracker.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from . import sessions  # noqa: F401  (connects the login and deactivation receivers)
