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
TAGS = (
    LearningItem.themes.through,
    LearningItem.age_groups.through,
    LearningItem.audiences.through,
    Review.publications.through,
)


def connect():
    versioning.track(*VOCABULARY)
    versioning.track(*CONTENT, through=TAGS, scopes=[versioning.CONTENT])
    post_save.connect(stamp_items_made_public, sender=Publication, dispatch_uid="learning.stamp_items_made_public")


def stamp_items_made_public(sender, instance, raw=False, **kwargs):
    """When a publication is published, its published items become public: stamp them (once)."""
    if raw or instance.status != Status.PUBLISHED:
        return
    LearningItem.objects.filter(publication=instance).stamp_first_public()
