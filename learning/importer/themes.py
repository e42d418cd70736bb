"""Theme suggestions for an imported item: which of the board's themes its wording is about.

A light, self-contained scorer, so a suggestion costs no database or search query: words are
stemmed (bruising ~ bruise) and weighted by how few themes use them, and the glossary's
expansions are read as well as its acronyms (learning/glossary.py matches those, as everywhere).

`theme_suggestions` says why it suggests each theme (the words of the item that triggered it)
and which suggestions are strong enough to tick in advance: only those whose evidence is a part
of the theme's own name ("self-harm", "domestic abuse", "child protection plan"), written in the
text or brought in by a glossary acronym (CSE). One description word shared with a theme
("support", "health") is shown, unticked, and never decides. On the seed texts this took the
precision of the themes ticked in advance from about a third to over four fifths (figures in
tests/staff/test_import_suggestions.py). `suggest_themes` is the older list of slugs, best
first, for callers that only rank.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from learning.glossary import glossary_of

NAME_WEIGHT = 3
MIN_SCORE = 3.0
MAX_WORDS = 3  # the words shown as evidence for one suggestion
PHRASE_SLACK = 2  # a part of a theme's name may be spread over this many more words ("sharing information")
MAX_PHRASE_CHARS = 40  # a part of a name found in order is shown as written, up to this long

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
# Kept when a part of a theme's name is matched: "children not in school" is not "children in school".
_KEPT_IN_NAMES = frozenset({"not"})
_IRREGULAR = {"children": "child", "men": "man", "women": "woman", "people": "person", "parental": "parent"}
_SUFFIXES = (
    "ational", "ations", "ation", "ating", "ated", "ates", "ate", "ments", "ment", "ness", "ings", "ing",
    "ively", "ive", "ful", "ally", "ly", "ies", "ied", "ed", "es", "er", "s", "e",
)  # fmt: skip
_WORD_RE = re.compile(r"[A-Za-z]+")
_NAME_PARTS_RE = re.compile(r",|\(|\)|\band\b|\bincluding\b", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    """A theme suggested for an item: `words` are the item's words that triggered it, as written
    (a few), and `strong` says the evidence is good enough to tick it in advance."""

    slug: str
    score: float
    words: tuple[str, ...]
    strong: bool
    name: str = ""  # the theme's name, as the preview shows it


@dataclass(frozen=True)
class _Token:
    """A word of the item's text: its stem, and how the text writes it (an acronym, for the
    words its glossary expansion brings in)."""

    stem: str
    written: str
    start: int = -1  # where it is in the item's text; -1 for words from an expansion
    end: int = -1


@dataclass(frozen=True)
class _Theme:
    slug: str
    name: str
    name_stems: frozenset
    description_stems: frozenset  # those not in the name
    name_parts: tuple  # each part of the name ("Domestic abuse", "self-harm") as a tuple of stems


@dataclass(frozen=True)
class _ThemeIndex:
    """The themes' stems and weights, worked out once per set of themes rather than once per item."""

    themes: tuple  # of _Theme
    weight: dict  # stem -> inverse theme frequency


def theme_suggestions(text, themes, glossary, limit=4) -> list[Suggestion]:
    """Themes that suit an item's text, with their evidence: strong ones first, then the best of
    the rest, at most `limit`.

    `themes` is a list of (slug, name, description) and `glossary` of (term, expansion). Each
    theme is scored as `suggest_themes` scores it. A suggestion is strong when a part of the
    theme's name (split at commas, "and" and brackets: "Emotional wellbeing", "self-harm",
    "suicide") is in the text, its words stemmed and close together (in any order, within
    PHRASE_SLACK more words than the part has: "sharing information" for "Information
    sharing"), or is spelt out by the expansion of a glossary term the text uses (CSE -> child
    sexual exploitation).
    """
    prepared = _prepare(text, themes, glossary)
    if prepared is None or limit <= 0:
        return []
    index, streams = prepared
    tokens = [token for stream in streams for token in stream]
    stems = {token.stem for token in tokens}
    found = []
    for order, theme in enumerate(index.themes):
        score = _score(theme, stems, index.weight)
        evidence = _name_part_evidence(theme, streams, text)
        if evidence or score >= MIN_SCORE:
            words = _evidence_words(evidence, theme, tokens, index.weight)
            suggestion = Suggestion(theme.slug, round(score, 2), words, bool(evidence), theme.name)
            found.append((not evidence, -score, order, suggestion))
    return [suggestion for *_, suggestion in sorted(found)[:limit]]


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
    prepared = _prepare(text, themes, glossary)
    if prepared is None or limit <= 0:
        return []
    index, streams = prepared
    stems = {token.stem for stream in streams for token in stream}
    scored = []
    for order, theme in enumerate(index.themes):
        score = _score(theme, stems, index.weight)
        if score >= MIN_SCORE:
            scored.append((-score, order, theme.slug))
    return [slug for _, _, slug in sorted(scored)[:limit]]


def _prepare(text, themes, glossary):
    """(the theme index, the text's word streams), or None when there is nothing to score.

    The first stream is the text's own words; each glossary term it uses adds a stream of its
    expansion's words, written as the term is written in the text."""
    if not text or not themes:
        return None
    try:
        index = _theme_index(tuple((str(s), str(n or ""), str(d or "")) for s, n, d in themes))
        pairs = tuple((str(t), str(e)) for t, e in glossary or ())
    except (TypeError, ValueError):
        return None
    text = str(text)
    streams = [_tokens(text)]
    for written, expansion in _glossary_uses(text, pairs):
        streams.append([_Token(token.stem, written) for token in _tokens(expansion)])
    return index, streams


def _score(theme: _Theme, stems: set, weight: dict) -> float:
    """Name words count NAME_WEIGHT times description words; rarer words among themes count more."""
    score = NAME_WEIGHT * sum(weight[s] for s in theme.name_stems & stems)
    return score + sum(weight[s] for s in theme.description_stems & stems)


def _name_part_evidence(theme: _Theme, streams: list, text: str) -> list[str]:
    """How the text writes the first part of the theme's name it contains, or [] when none does."""
    for part in theme.name_parts:
        for stream in streams:
            matched = _find_part(part, stream)
            if matched:
                return _as_written(matched, text)
    return []


def _find_part(part: tuple, stream: list) -> list:
    """The tokens of `stream` that spell `part` (its stems within len(part) + PHRASE_SLACK words)."""
    wanted = set(part)
    width = len(part) + PHRASE_SLACK if len(part) > 1 else 1
    for start, token in enumerate(stream):
        if token.stem not in wanted:
            continue
        window = stream[start : start + width]
        if wanted <= {t.stem for t in window}:
            return [t for t in window if t.stem in wanted]
    return []


def _as_written(tokens: list, text: str) -> list[str]:
    """The matched words as the text writes them: one stretch ("self-harm") when they are in a
    short run of the text, else each word; an acronym for words its expansion brought in."""
    if tokens[0].start < 0:
        return [tokens[0].written]
    start, end = tokens[0].start, tokens[-1].end
    if end > start and end - start <= MAX_PHRASE_CHARS and "\n" not in text[start:end]:
        return [text[start:end]]
    return list(dict.fromkeys(token.written for token in tokens))


def _evidence_words(evidence: list, theme: _Theme, tokens: list, weight: dict) -> tuple[str, ...]:
    """The evidence first, then the text's other words the theme shares, heaviest first, MAX_WORDS in all."""
    first = {}
    for token in tokens:
        first.setdefault(token.stem, token.written)

    def heft(stem):
        return (NAME_WEIGHT if stem in theme.name_stems else 1) * weight[stem]

    shared = sorted((theme.name_stems | theme.description_stems) & first.keys(), key=lambda s: (-heft(s), s))
    words = list(evidence)
    seen = {word.lower() for word in words}
    for stem in shared:
        word = first[stem]
        if not any(word.lower() in shown for shown in seen):
            words.append(word)
            seen.add(word.lower())
    return tuple(words[:MAX_WORDS])


@lru_cache(maxsize=8)
def _theme_index(themes: tuple) -> _ThemeIndex:
    """Each theme's name and description stems, and each stem's weight: rarer among themes, stronger."""
    rows = []
    frequency: Counter = Counter()
    for slug, name, description in themes:
        name_stems = frozenset(_stems(name))
        description_stems = frozenset(_stems(description)) - name_stems
        parts = tuple(
            stems for stems in (tuple(_stems(part, _KEPT_IN_NAMES)) for part in _NAME_PARTS_RE.split(name)) if stems
        )
        rows.append(_Theme(slug, name, name_stems, description_stems, parts))
        frequency.update(name_stems | description_stems)
    total = len(rows)
    weight = {stem: math.log(1 + total / count) for stem, count in frequency.items()}
    return _ThemeIndex(tuple(rows), weight)


def _glossary_uses(text: str, pairs: tuple) -> list[tuple[str, str]]:
    """(the term as the text writes it, its expansion) for each glossary term the text uses, once each."""
    glossary = glossary_of(pairs)
    if glossary.pattern is None:
        return []
    uses = {}
    for match in glossary.pattern.finditer(text):
        for term in glossary.terms_in(match.group(0)):
            uses.setdefault(term, (match.group(0), glossary.expansions[term]))
    return list(uses.values())


def _tokens(text: str) -> list[_Token]:
    """The text's words as tokens: common words and words of two letters or fewer have no stem
    (kept in place, so "not" in "children not in school" still separates nothing it should not)."""
    tokens = []
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        lower = word.lower()
        if lower in _KEPT_IN_NAMES:
            stem = lower
        elif lower in _STOPWORDS or len(lower) <= 2:
            continue
        else:
            stem = _stem(lower)
        tokens.append(_Token(stem, word, match.start(), match.end()))
    return tokens


def _stems(text: str, kept=frozenset()) -> list[str]:
    """Lower-case word stems of the text, without common words (except those `kept`)."""
    return [
        word if word in kept else _stem(word)
        for word in (match.lower() for match in _WORD_RE.findall(text))
        if word in kept or (word not in _STOPWORDS and len(word) > 2)
    ]


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
