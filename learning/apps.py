from django.apps import AppConfig


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = "Learning"

    def ready(self):
        from learning import search_index, signals

        signals.connect()
        search_index.connect()
