"""Editors may view but no longer add, change or delete boards and vocabularies, which are
live the moment they are saved (see reviews/roles.py)."""

from django.db import migrations

from reviews.roles import apply_roles


def reapply_roles(apps, schema_editor):
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_roles")]

    operations = [migrations.RunPython(reapply_roles, migrations.RunPython.noop)]
