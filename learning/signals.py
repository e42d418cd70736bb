"""Which models are public content: any change to them moves the content version on
(core/versioning.py), so everything cached from them is recomputed in every process."""

from core import versioning
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
