from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CasetrackerConfig(AppConfig):
    name = "casetracker"
    verbose_name = _("Organizations and users")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .history import register_all

        register_all()  # change history of every domain model


class CasetrackerAdminConfig(AdminConfig):
    default_site = "casetracker.admin_site.CasetrackerAdminSite"
