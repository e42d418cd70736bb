from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.BigIntegerField(db_index=True, help_text="The content version this change moved it to."),
                ),
                (
                    "item",
                    models.BigIntegerField(blank=True, help_text="The id of the item touched; empty: any.", null=True),
                ),
            ],
            options={"verbose_name": "content change"},
        ),
    ]
