"""Which models are public content: any change to them moves the content version on
(core/versioning.py), so everything cached from them is recomputed in every process."""

from core import versioning
from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Synonym, Theme
from reviews.models import Board, Publication, Review, Section

CONTENT = (LearningItem, Publication, Review, Section, Board, Theme, AgeGroup, Audience, GlossaryTerm, Synonym)
TAGS = (
    LearningItem.themes.through,
    LearningItem.age_groups.through,
    LearningItem.audiences.through,
    Review.publications.through,
)


def connect():
    versioning.track(*CONTENT, through=TAGS)
