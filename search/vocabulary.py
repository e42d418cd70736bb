"""Equivalent words and phrases for search: a few irregular plurals, and the groups that content
apps provide (learning's glossary and synonyms list).

Cached under the vocabulary's version (core/versioning.py), which moves on whenever board staff
change a glossary term or synonym, in every server process at once.
"""

from core.versioning import VOCABULARY, cached
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

_providers = []


def provide(provider):
    """Content apps hand search their equivalent words: `provider()` returns groups of words
    and phrases that should find each other (learning's glossary and synonyms)."""
    if provider not in _providers:
        _providers.append(provider)


def build_equivalents():
    groups = [list(forms) for forms in IRREGULAR_FORMS]
    for provider in _providers:
        groups.extend(provider())
    equivalents = {}
    for group in groups:
        forms = {tuple(words_of(phrase)) for phrase in group}
        forms.discard(())
        for form in forms:
            equivalents.setdefault(form, set()).update(forms)
    return equivalents


def get_expander():
    return Expander(cached("search:equivalents", build_equivalents, scope=VOCABULARY))
