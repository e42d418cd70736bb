"""Glossary matching: which glossary terms a text uses, in one place.

Rendering marks the acronyms a text uses with their expansion (learning/text.py), indexing
adds the expansions (and the terms whose expansion a text spells out) to an item's search
document (learning/search_index.py), search expands a query's acronyms through the same
pairs (`equivalence_groups`), and the importer reads a briefing's acronyms as their
expansions when it suggests themes. All of them match the same way: a term as a whole word,
case as written ("CSE", not "cse"), with or without a plural "s".
"""

import re
from functools import cached_property, lru_cache

from django.utils.html import format_html
from django.utils.text import slugify

from core.versioning import VOCABULARY, cached
from learning.models import GlossaryTerm

# Terms that are also everyday words would make every search for the word expand.
EVERYDAY_WORDS = {"it", "us", "no", "as", "am", "is", "in", "on", "or", "to", "we", "me"}


def is_acronym(term):
    """Acronym-like: two capitals or more ("CSE", "ACEs", "DfE"), so worth marking in text."""
    return sum(char.isupper() for char in term) >= 2


class Glossary:
    """Matching over (term, expansion) pairs."""

    def __init__(self, pairs):
        self.expansions = {term: expansion for term, expansion in pairs if term and term.strip()}

    @cached_property
    def _forms(self):
        """Each way a term is written -> the term: as it is, and with or without a plural "s"."""
        forms = {}
        for term in self.expansions:
            forms.setdefault(term, term)
            forms.setdefault(term[:-1] if term.endswith("s") else term + "s", term)
        return forms

    @cached_property
    def pattern(self):
        return _whole_words(self._forms)

    @cached_property
    def acronym_pattern(self):
        return _whole_words({form: term for form, term in self._forms.items() if is_acronym(term)})

    def terms_in(self, text):
        """The terms `text` uses, in the order they first appear."""
        if self.pattern is None or not text:
            return []
        found = dict.fromkeys(self._forms[match.group(0)] for match in self.pattern.finditer(text))
        return list(found)

    def expansions_in(self, text):
        """The expansions of the terms `text` uses."""
        return [self.expansions[term] for term in self.terms_in(text)]

    def additions(self, text):
        """What a search document adds to `text`: the expansions of the terms it uses, and the
        terms whose expansion it spells out (so "CSE" finds "child sexual exploitation")."""
        lowered = (text or "").lower()
        spelt_out = [term for term, expansion in self.expansions.items() if expansion.lower() in lowered]
        return [*self.expansions_in(text), *(term for term in spelt_out if term not in self.terms_in(text))]

    def acronyms(self, text):
        """(start, end, term) for each acronym in `text`, for marking up."""
        if self.acronym_pattern is None or not text:
            return []
        return [(m.start(), m.end(), self._forms[m.group(0)]) for m in self.acronym_pattern.finditer(text)]

    def groups(self):
        """[term, expansion] pairs that search treats as the same words."""
        return [[term, expansion] for term, expansion in self.expansions.items() if term.lower() not in EVERYDAY_WORDS]


def _whole_words(forms):
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=8)
def glossary_of(pairs):
    """The Glossary of a tuple of pairs, built (and its patterns compiled) once per process."""
    return Glossary(pairs)


def current_glossary():
    """The glossary as board staff keep it, cached under the vocabulary's version."""
    pairs = cached(
        "learning:glossary-pairs",
        lambda: tuple(GlossaryTerm.objects.values_list("term", "expansion")),
        scope=VOCABULARY,
    )
    return glossary_of(pairs)


def anchor(term):
    """The id of a term's entry on the glossary page (templates/learning/glossary.html)."""
    return "term-" + slugify(term)


def term_html(written, term, expansion, glossary_url):
    """A glossary term in text: a link to its glossary entry, with the term as an <abbr> whose
    title is the expansion. static/js/glossary.js turns it into a toggletip (a button that shows
    the expansion on tap, Enter or Space and hides it on Escape); without JavaScript the link
    goes to the entry. Either way a screen reader hears the term, then "what it means"."""
    return format_html(
        '<a class="app-term" href="{}#{}" data-expansion="{}"><abbr title="{}">{}</abbr>'
        '<span class="govuk-visually-hidden">, what it means</span></a>',
        glossary_url,
        anchor(term),
        expansion,
        expansion,
        written,
    )
