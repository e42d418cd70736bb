"""Equivalent words and phrases for search, from the glossary, the synonyms list and a few
irregular plurals.

Cached under the content version (core/versioning.py), which moves on whenever board staff
change a glossary term or synonym, in every server process at once.
"""

from core.versioning import cached
from search.query import Expander, words_of

# Irregular plurals that stemming cannot join ("children" does not stem to "child"), so each
# form finds the other. Only words that case reviews use.
IRREGULAR_FORMS = [
    ("child", "children"),
    ("grandchild", "grandchildren"),
    ("stepchild", "stepchildren"),
    ("person", "people"),
    ("man", "men"),
    ("woman", "women"),
    ("knife", "knives"),
    ("tooth", "teeth"),
]

# Acronyms that are also everyday words would make every search for the word expand.
_EVERYDAY_WORDS = {"it", "us", "no", "as", "am", "is", "in", "on", "or", "to", "we", "me"}


def build_equivalents():
    from learning.models import GlossaryTerm, Synonym

    groups = [list(forms) for forms in IRREGULAR_FORMS]
    for term, expansion in GlossaryTerm.objects.values_list("term", "expansion"):
        if term.lower() in _EVERYDAY_WORDS:
            continue
        groups.append([term, expansion])
    for term, alternatives in Synonym.objects.values_list("term", "alternatives"):
        groups.append([term, *[line for line in alternatives.splitlines() if line.strip()]])

    equivalents = {}
    for group in groups:
        forms = {tuple(words_of(phrase)) for phrase in group}
        forms.discard(())
        for form in forms:
            equivalents.setdefault(form, set()).update(forms)
    return equivalents


def get_expander():
    return Expander(cached("search:equivalents", build_equivalents))
