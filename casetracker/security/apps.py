from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Authentication and hardening; no models of its own (allauth and axes bring theirs)."""

    name = "casetracker.security"
    label = "security"
    verbose_name = "Security"

    def ready(self) -> None:
        from allauth.mfa.signals import authentication_failed

        from . import audit_events, sessions  # noqa: F401  (connect their receivers)
        from .mfa import _count_failed_code

        authentication_failed.connect(_count_failed_code, dispatch_uid="ct_mfa_failure_counts")
