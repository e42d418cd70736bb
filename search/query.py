"""Parse what a practitioner types into a small query tree, and expand it with the
glossary (acronym <-> expansion) and the synonyms board staff manage.

Syntax, as in web search engines: words (all must match), "quoted phrases", OR between
alternatives, and -word or -"phrase" to exclude. Anything else is treated as a word
separator, so no input can break the database query.
"""

import re
from dataclasses import dataclass, field

# Words that carry no meaning of their own in a question ("what should I do about bruising in
# babies"): they are not matched, so an item need not contain them. English function words and
# question words; phrases in quotes keep them.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "may",
        "me",
        "might",
        "must",
        "my",
        "of",
        "on",
        "or",
        "our",
        "ours",
        "out",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "anyone",
        "someone",
        "something",
        "anything",
        "thing",
        "things",
        "way",
        "ways",
    ]
)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12  # words matched; stop words ("and", "I", "is", "at"), left out of matching, do not count
MAX_WORDS = 2 * MAX_TERMS  # every word, stop words included
MAX_PHRASE_WORDS = 5

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Atom:
    """A word or phrase, with the alternatives it may be matched by (all lower case)."""

    words: tuple
    alternatives: tuple = ()

    @property
    def text(self):
        return " ".join(self.words)

    @property
    def is_phrase(self):
        return len(self.words) > 1

    def forms(self):
        """The atom and its alternatives, each as a tuple of words."""
        return (self.words, *self.alternatives)


@dataclass
class ParsedQuery:
    raw: str
    groups: list = field(default_factory=list)  # AND of OR-groups of Atoms
    excluded: list = field(default_factory=list)  # Atoms that must not match
    truncated: bool = False
    ignored: list = field(default_factory=list)  # stop words left out of the matching

    def any_of(self):
        """The same query matching any of its words or phrases (one OR-group), for broadening."""
        atoms = [atom for group in self.groups for atom in group]
        return ParsedQuery(raw=self.raw, groups=[atoms] if atoms else [], excluded=self.excluded)

    def single(self, group):
        """A query of one of this query's groups alone."""
        return ParsedQuery(raw=self.raw, groups=[group])

    @property
    def alternatives(self):
        """What else the search looked for: each atom's alternatives, as text, in order."""
        seen = {}
        for group in self.groups:
            for atom in group:
                for words in atom.alternatives:
                    seen.setdefault(" ".join(words), None)
        return list(seen)

    @property
    def is_empty(self):
        return not self.groups

    @property
    def words(self):
        return [word for group in self.groups for atom in group for word in atom.words]

    def __str__(self):
        parts = [" OR ".join(_quote(atom) for atom in group) for group in self.groups]
        parts += [f"-{_quote(atom)}" for atom in self.excluded]
        return " ".join(parts)


def _quote(atom):
    return f'"{atom.text}"' if atom.is_phrase else atom.text


def words_of(text):
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def parse(raw, expander=None):
    """Turn raw user input into a ParsedQuery. Never raises."""
    raw = (raw or "").replace("\x00", " ")
    truncated = len(raw) > MAX_QUERY_LENGTH
    raw = raw[:MAX_QUERY_LENGTH]
    query = ParsedQuery(raw=raw, truncated=truncated)
    pending_or = False
    count = words_seen = 0
    for match in _TOKEN.finditer(raw):
        negate, phrase, bare = match.groups()
        if bare is not None and bare == "OR":
            pending_or = bool(query.groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = words_of(phrase if phrase is not None else bare)
        if not words:
            continue
        terms = 1 if phrase is not None or negate else sum(word not in STOP_WORDS for word in words)
        if count + terms > MAX_TERMS or words_seen >= MAX_WORDS:
            query.truncated = True
            break
        count += terms
        words_seen += len(words) if phrase is None else 1
        if negate:
            query.excluded.append(Atom(tuple(words)))
            continue
        atoms = [Atom(tuple(words))] if phrase is not None else [Atom((word,)) for word in words]
        if pending_or and query.groups:
            query.groups[-1].append(atoms[0])
            query.groups.extend([atom] for atom in atoms[1:])
        else:
            query.groups.extend([atom] for atom in atoms)
        pending_or = False
    if expander is not None:
        query.groups = expander.expand_groups(query.groups)
    drop_stop_words(query)
    return query


def drop_stop_words(query):
    """Leave single stop words out of the matching, unless nothing else would be left."""
    kept = [group for group in query.groups if not _is_stop_word(group)]
    if kept and len(kept) < len(query.groups):
        query.ignored = [group[0].text for group in query.groups if _is_stop_word(group)]
        query.groups = kept


def _is_stop_word(group):
    return len(group) == 1 and not group[0].is_phrase and not group[0].alternatives and group[0].text in STOP_WORDS


class Expander:
    """Adds alternatives from a mapping of phrases (tuples of words) to their equivalents.

    Consecutive single words that together make a known phrase (e.g. child sexual
    exploitation) are merged into one phrase atom, so "child sexual exploitation" finds
    items that only say CSE, and CSE finds items that only spell it out.
    """

    def __init__(self, equivalents):
        self.equivalents = equivalents  # {tuple(words): set(tuple(words))}
        self.longest = max((len(key) for key in equivalents), default=1)

    def expand_groups(self, groups):
        merged = self._merge_phrases(groups)
        return [[self._expand(atom) for atom in group] for group in merged]

    def _expand(self, atom):
        alternatives = self.equivalents.get(atom.words)
        if not alternatives:
            return atom
        return Atom(atom.words, tuple(sorted(alternatives - {atom.words})))

    def _merge_phrases(self, groups):
        result = []
        index = 0
        while index < len(groups):
            merged = False
            for length in range(min(self.longest, MAX_PHRASE_WORDS, len(groups) - index), 1, -1):
                window = groups[index : index + length]
                if all(len(group) == 1 and not group[0].is_phrase for group in window):
                    words = tuple(group[0].words[0] for group in window)
                    if words in self.equivalents:
                        result.append([Atom(words)])
                        index += length
                        merged = True
                        break
            if not merged:
                result.append(groups[index])
                index += 1
        return result
