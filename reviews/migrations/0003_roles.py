"""Create the Editor and Publisher groups with their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from reviews.roles import apply_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ("reviews", "learning"):
        create_permissions(global_apps.get_app_config(label), verbosity=0)
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0002_workflow"),
        ("learning", "0002_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
