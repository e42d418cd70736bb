"""Which models are public content: any change to them moves the content version on
(core/versioning.py), so everything cached from them is recomputed in every process."""

from django.db.models.signals import post_save

from core import versioning
from core.models import Status
from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Synonym, Theme
from reviews.models import Board, Publication, Review, Section

# What pages name or search expands with (filter options, the glossary, synonyms): a change
# to one of these moves both versions; a change to an item or its tags leaves what is cached
# under the vocabulary's version alone.
VOCABULARY = (Publication, Board, Theme, AgeGroup, Audience, GlossaryTerm, Synonym)
CONTENT = (LearningItem, Review, Section)
ITEM_TAGS = (
    LearningItem.themes.through,
    LearningItem.age_groups.through,
    LearningItem.audiences.through,
)
TAGS = (*ITEM_TAGS, Review.publications.through)


def connect():
    versioning.track(*VOCABULARY)
    versioning.track(*CONTENT, through=TAGS, scopes=[versioning.CONTENT], subject=items_touched)
    post_save.connect(stamp_items_made_public, sender=Publication, dispatch_uid="learning.stamp_items_made_public")


def items_touched(sender, instance=None, reverse=False, pk_set=None, **kwargs):
    """The ids of the items a change of content is about, or None when it may be about any
    (a review, a section, tags cleared from a theme's side): what `versioning.kept_unless_touched`
    needs to keep a search's ranking that none of them can alter."""
    if sender is LearningItem:
        return {instance.pk}
    if sender in ITEM_TAGS:
        if not reverse:
            return {instance.pk}
        return set(pk_set) if pk_set else None
    return None


def stamp_items_made_public(sender, instance, raw=False, **kwargs):
    """When a publication is published, its published items become public: stamp them (once)."""
    if raw or instance.status != Status.PUBLISHED:
        return
    LearningItem.objects.filter(publication=instance).stamp_first_public()
