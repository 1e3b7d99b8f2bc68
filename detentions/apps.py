from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetentionsConfig(AppConfig):
    name = "detentions"
    verbose_name = _("Detention and removal")
    default_auto_field = "django.db.models.BigAutoField"
