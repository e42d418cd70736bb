"""Clear cached vocabularies whenever board staff change them."""

from django.db.models.signals import post_delete, post_save

from learning import options, text
from learning.models import AgeGroup, Audience, GlossaryTerm, Theme
from reviews.models import Board, Publication


def connect():
    for model in (Theme, AgeGroup, Audience, Board, Publication):
        post_save.connect(options.clear, sender=model, dispatch_uid=f"options-{model.__name__}")
        post_delete.connect(options.clear, sender=model, dispatch_uid=f"options-del-{model.__name__}")
    post_save.connect(text.clear_glossary_cache, sender=GlossaryTerm, dispatch_uid="glossary-save")
    post_delete.connect(text.clear_glossary_cache, sender=GlossaryTerm, dispatch_uid="glossary-delete")
