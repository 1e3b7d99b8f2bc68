from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CasetrackerConfig(AppConfig):
    name = "casetracker"
    verbose_name = _("Organizations and users")
    default_auto_field = "django.db.models.BigAutoField"


class CasetrackerAdminConfig(AdminConfig):
    default_site = "casetracker.admin_site.CasetrackerAdminSite"
