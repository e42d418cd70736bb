"""What a question says besides its words: the kind of learning, the age group or the theme it
asks about ("what has changed for babies after domestic abuse reviews").

Those items are raised in the ranking (never filtered out), and the page offers the matching
filter in one click. The phrases below are editorial: the everyday ways practitioners name the
site's kinds of learning and age groups, chosen by the project (not from the publications).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from learning.models import Kind
from search.query import words_of

KIND_PHRASES = {
    Kind.WHAT_HAS_CHANGED: ["what has changed", "what changed", "what s changed", "changes made", "improvements"],
    Kind.GOOD_PRACTICE: ["good practice", "what works", "what worked", "worked well", "best practice"],
    Kind.RECOMMENDATION: ["recommendations", "recommendation", "recommended", "what should be done"],
    Kind.NATIONAL_FINDING: ["national findings", "national research", "nationally"],
    Kind.RESEARCH_FINDING: ["research", "pitfalls"],
    Kind.KEY_MESSAGE: ["key messages"],
}
AGE_GROUP_PHRASES = {
    "babies-and-pre-school": [
        "baby",
        "babies",
        "infant",
        "infants",
        "newborn",
        "newborns",
        "under one",
        "under ones",
        "toddler",
        "toddlers",
        "pre school",
        "preschool",
        "under fives",
        "under 5s",
        "non mobile",
    ],
    "school-age": [
        "school age",
        "teenager",
        "teenagers",
        "teens",
        "teen",
        "adolescent",
        "adolescents",
        "young people",
        "young person",
        "pupil",
        "pupils",
        "primary school",
        "secondary school",
    ],
}


@dataclass
class Hints:
    kinds: list = field(default_factory=list)
    age_groups: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # slugs

    def boosts(self):
        """One Q per thing the question names: an item matching more of them ranks higher."""
        parts = []
        if self.kinds:
            parts.append(Q(kind__in=self.kinds))
        if self.age_groups:
            parts.append(Q(age_groups__slug__in=self.age_groups))
        if self.themes:
            parts.append(Q(themes__slug__in=self.themes))
        return parts

    def without(self, params):
        """These hints less what the filters in `params` already choose."""
        return Hints(
            kinds=[kind for kind in self.kinds if kind not in params.getlist("kind")],
            age_groups=[slug for slug in self.age_groups if slug not in params.getlist("age_group")],
            themes=[slug for slug in self.themes if slug not in params.getlist("theme")],
        )

    def offers(self):
        """(filter name, value) pairs to offer as one-click filters."""
        return [
            *(("kind", kind) for kind in self.kinds),
            *(("age_group", slug) for slug in self.age_groups),
            *(("theme", slug) for slug in self.themes),
        ]


def understand(raw, themes):
    """Hints for a question; `themes` is [(slug, name)] as the filter options give them."""
    text = f" {' '.join(words_of(raw or ''))} "
    if not text.strip():
        return Hints()
    return Hints(
        kinds=[kind for kind, phrases in KIND_PHRASES.items() if _mentions(text, phrases)],
        age_groups=[slug for slug, phrases in AGE_GROUP_PHRASES.items() if _mentions(text, phrases)],
        themes=[slug for slug, name in themes if _mentions(text, theme_phrases(name))],
    )


def theme_phrases(name):
    """A theme's name in the parts a practitioner would type: "Domestic abuse", "self-harm"."""
    parts = name.replace(",", " and ").replace("(", " and ").replace(")", " ").split(" and ")
    return [phrase for part in parts if len(phrase := " ".join(words_of(part))) > 3]


def _mentions(text, phrases):
    return any(f" {' '.join(words_of(phrase))} " in text for phrase in phrases)
