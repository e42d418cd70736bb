import logging

from django.apps import AppConfig


class PrintingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "printing"
    verbose_name = "Printing and downloads"

    def ready(self):
        # WeasyPrint reports every rendering step at INFO, and warns about every rule of the
        # GOV.UK screen CSS it does not use (media features, @supports): dozens per PDF.
        # Real failures are still logged as errors.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
