"""Both roles may see the searches that found nothing (search.UnansweredSearch)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from reviews.roles import apply_roles


def reapply_roles(apps, schema_editor):
    create_permissions(global_apps.get_app_config("search"), verbosity=0)
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_roles_live_vocabulary"), ("search", "0004_unanswered_searches")]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
