from django.apps import AppConfig


class DetentionsConfig(AppConfig):
    name = "detentions"
    verbose_name = "Detention and removal"
    default_auto_field = "django.db.models.BigAutoField"
