from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "benchmarks.wagtail.corpus"
    label = "wagtail_corpus"
    default_auto_field = "django.db.models.AutoField"
