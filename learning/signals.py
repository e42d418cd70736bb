"""Clear cached vocabularies and counts whenever board staff change content."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from learning import counts, options, text
from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Theme
from reviews.models import Board, Publication, Review, Section

COUNTED = (LearningItem, Publication, Review, Section, Board, Theme, AgeGroup, Audience)
TAGS = (LearningItem.themes.through, LearningItem.age_groups.through, LearningItem.audiences.through)


def connect():
    for model in COUNTED:
        post_save.connect(counts.content_changed, sender=model, dispatch_uid=f"counts-{model.__name__}")
        post_delete.connect(counts.content_changed, sender=model, dispatch_uid=f"counts-del-{model.__name__}")
    for through in TAGS:
        m2m_changed.connect(counts.content_changed, sender=through, dispatch_uid=f"counts-{through.__name__}")
    for model in (Theme, AgeGroup, Audience, Board, Publication):
        post_save.connect(options.clear, sender=model, dispatch_uid=f"options-{model.__name__}")
        post_delete.connect(options.clear, sender=model, dispatch_uid=f"options-del-{model.__name__}")
    post_save.connect(text.clear_glossary_cache, sender=GlossaryTerm, dispatch_uid="glossary-save")
    post_delete.connect(text.clear_glossary_cache, sender=GlossaryTerm, dispatch_uid="glossary-delete")
