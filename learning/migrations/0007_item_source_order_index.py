"""learning_item_source_order: a browse of the results page (no search) walks the items in source
order, publication by publication, and stops at the page it shows
(LearningItemQuerySet.first_ids_in_source_order), instead of sorting every match."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0006_import_jobs"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="learningitem",
            index=models.Index(fields=["publication", "position"], name="learning_item_source_order"),
        ),
    ]
