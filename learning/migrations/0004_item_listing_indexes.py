"""Indexes that keep the theme page and the item page's related learning bounded at any corpus size.

- learning_item_source_walk: a theme page walks each kind's items in source order, publication by
  publication, and stops after the first ten (LearningItemQuerySet.first_of_each_kind(walk=True)).
- learning_item_themes_theme_item: an item page takes the newest items of each of its themes
  (LearningItemQuerySet.sharing_themes_with); the through table only had (item, theme) and (theme).
  The through table is Django's own (no model to put Meta.indexes on), hence RunSQL.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_vocabulary_sources"),
        ("reviews", "0005_roles_see_unanswered_searches"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="learningitem",
            index=models.Index(fields=["publication", "kind", "position"], name="learning_item_source_walk"),
        ),
        migrations.RunSQL(
            sql="CREATE INDEX learning_item_themes_theme_item ON learning_learningitem_themes (theme_id, learningitem_id)",
            reverse_sql="DROP INDEX learning_item_themes_theme_item",
        ),
    ]
