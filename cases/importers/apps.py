from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Spreadsheet imports: its own app (label "importers") so its ImportJob migrations stand apart."""

    name = "cases.importers"
    label = "importers"
    verbose_name = "Imports"
    default_auto_field = "django.db.models.BigAutoField"
