from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        """Every history entry gets a readable reason (core/history.py)."""
        from simple_history.signals import pre_create_historical_record

        from core.history import fill_reason

        pre_create_historical_record.connect(fill_reason, dispatch_uid="core.history.fill_reason")
