"""Theme suggestions for an imported item: which of the board's themes its wording is about.

A light, self-contained scorer, so a suggestion costs no database or search query: words are
stemmed (bruising ~ bruise) and weighted by how few themes use them, and the glossary's
expansions are read as well as its acronyms (learning/glossary.py matches those, as everywhere).
Staff confirm the suggestions in the preview, so a missed or extra theme costs one click.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from learning.glossary import glossary_of

NAME_WEIGHT = 3
MIN_SCORE = 3.0

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either every few for from further had has
    have having he her here hers him his how however i if in into is it its itself just may me might more most
    must my near need needs no nor not now of off on once only or other our out over own same she should so some
    such than that the their them then there these they this those through to too under until up upon us very
    was we were what when where whether which while who whom why will with within without would you your
    including especially often well make making made sure use using used get getting way ways one two three
    """
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_IRREGULAR = {"children": "child", "men": "man", "women": "woman", "people": "person", "parental": "parent"}
_SUFFIXES = (
    "ational", "ations", "ation", "ating", "ated", "ates", "ate", "ments", "ment", "ness", "ings", "ing",
    "ively", "ive", "ful", "ally", "ly", "ies", "ied", "ed", "es", "er", "s", "e",
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z]+")


def suggest_themes(text, themes, glossary, limit=4) -> list[str]:
    """Theme slugs that suit an item's text, best first, at most `limit`.

    `themes` is a list of (slug, name, description) and `glossary` of (term, expansion).
    Acronyms in the text are expanded first (CSE -> child sexual exploitation), matched as
    learning/glossary.py matches them everywhere: whole words, case as written, with or without
    a plural "s" (so "CSEs" and "ACE" count too). Then each
    theme scores the words (stemmed: bruising ~ bruise) it shares with the text, a word of
    the theme's name counting NAME_WEIGHT times a word of its description, each weighted
    by how few themes use it. Themes scoring under MIN_SCORE are not suggested.
    """
    if not text or not themes or limit <= 0:
        return []
    try:
        index = _theme_index(tuple((str(s), str(n or ""), str(d or "")) for s, n, d in themes))
        expanded = _with_expansions(str(text), tuple((str(t), str(e)) for t, e in glossary or ()))
    except (TypeError, ValueError):
        return []
    words = set(_stems(expanded))
    scored = []
    for order, (slug, name_stems, description_stems) in enumerate(index.themes):
        score = NAME_WEIGHT * sum(index.weight[s] for s in name_stems & words)
        score += sum(index.weight[s] for s in description_stems & words)
        if score >= MIN_SCORE:
            scored.append((-score, order, slug))
    return [slug for _, _, slug in sorted(scored)[:limit]]


@dataclass(frozen=True)
class _ThemeIndex:
    """The themes' stems and weights, worked out once per set of themes rather than once per item."""

    themes: tuple  # (slug, name stems, description stems not in the name)
    weight: dict  # stem -> inverse theme frequency


@lru_cache(maxsize=8)
def _theme_index(themes: tuple) -> _ThemeIndex:
    """Each theme's name and description stems, and each stem's weight: rarer among themes, stronger."""
    rows = []
    frequency: Counter = Counter()
    for slug, name, description in themes:
        name_stems = frozenset(_stems(name))
        description_stems = frozenset(_stems(description)) - name_stems
        rows.append((slug, name_stems, description_stems))
        frequency.update(name_stems | description_stems)
    total = len(rows)
    weight = {stem: math.log(1 + total / count) for stem, count in frequency.items()}
    return _ThemeIndex(tuple(rows), weight)


def _with_expansions(text: str, glossary: tuple) -> str:
    """The text followed by the expansions of the glossary terms it uses (CSE -> child sexual exploitation)."""
    return " ".join([text, *glossary_of(glossary).expansions_in(text)])


def _stems(text: str) -> list[str]:
    """Lower-case word stems of the text, without common words."""
    return [_stem(word) for word in _WORD_RE.findall(text.lower()) if word not in _STOPWORDS and len(word) > 2]


def _stem(word: str) -> str:
    """A light suffix-stripping stemmer: enough for bruising/bruises/bruise -> "bruis"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word
