"""Likely duplicates of imported text among the learning already kept, for the import preview.

A briefing imported twice, or a point a board already added by hand, would otherwise be
published twice (the "five main barriers" point was). `likely_duplicates` compares each
imported text with two sets of existing items:

- those the project's own search finds for the text's rarest words (`RARE_WORDS` of them, the
  rarest of each stretch of the text, one of each pair matching, best `SEARCHED` by rank): a
  near-same paragraph shares its rare words, and a search for a few rare words touches only
  their few matches, on SQLite FTS5 and PostgreSQL alike, however many items there are;
- every item of the publication the text is imported into, whatever its status.

Each candidate's full wording and short wording are then compared in Python with the text,
normalised (lower case, words only, as search reads them: no markup, punctuation or spacing),
by difflib's similarity of the two character strings. SAME_ENOUGH is set from the seed texts:
the closest short and full wordings of one Derby point (5-s, "... experiencing difficulties"
and "... experiencing the most significant problems") are 0.954 alike, and must not be called
duplicates; the same paragraph with its spacing, markup or punctuation changed is 1.0, and with
a typo or two (in a text of over 60 characters) still 0.968 or more
(tests/staff/test_import_suggestions.py tries both).

Queries, for n texts: n + 4 at most, whatever the number of items: the words' frequencies, the
publication's items, one search per text, the wordings of the items found, and those items.
No table is read whole. Over the 100,000 items of `make bench`'s synthetic corpus (built from
the seed's sentences, so every seed sentence is in hundreds of items), the 23 points of the
school age briefing, imported again, took 5 ms a point on SQLite and 7 ms on PostgreSQL, and
every one was found.
"""

import difflib
from dataclasses import dataclass

from django.db.models.functions import Abs, Least, Length

from core.models import Status
from learning.models import LearningItem
from search.models import Term
from search.query import STOP_WORDS, Atom, ParsedQuery, words_of
from search.services import SearchOutcome

SAME_ENOUGH = 0.96  # the similarity from which an imported text is a likely duplicate
RARE_WORDS = 8  # the rarest words of a text that its search looks for
WORDS_PER_GROUP = 2  # of which a match must have one of each pair
SEARCHED = 10  # the best matches of that search compared with the text
MATCHES_SHOWN = 3  # likely duplicates kept per text, most alike first
MIN_WORD_LENGTH = 4


@dataclass(frozen=True)
class Match:
    """An existing item the imported text is (nearly) the same as: `similarity` from 0 to 1,
    `same` when the normalised texts are identical."""

    item: LearningItem
    similarity: float
    same: bool

    @property
    def percent(self) -> int:
        """How alike, as the preview says it ("97% the same"): never 100 unless it is the same."""
        percent = round(self.similarity * 100)
        return 100 if self.same else min(percent, 99)

    @property
    def state(self) -> str:
        """Where the existing item stands, in the preview's words."""
        if self.item.is_public:
            return "published"
        if self.item.status == Status.PUBLISHED:
            return "in a draft publication"
        return self.item.get_status_display().lower()


def likely_duplicates(texts: list[str], publication=None) -> dict[int, list[Match]]:
    """{index of a text: its likely duplicates, most alike first}, for texts that have any.

    `publication` is the one the texts are imported into (None for a new one): all its items
    are compared too, drafts and withdrawn ones included."""
    normalised = [normalise(text) for text in texts]
    if not any(normalised):
        return {}
    frequency = _word_frequencies(normalised)
    candidates = {
        index: set(_searched_ids(text, len(texts[index]), frequency)) for index, text in enumerate(normalised) if text
    }
    own = _publication_wordings(publication)
    found = {pk for ids in candidates.values() for pk in ids}
    wordings = {**_wordings(found - own.keys()), **own}
    results = {}
    for index, ids in candidates.items():
        scored = _compared(normalised[index], {pk: wordings[pk] for pk in ids | own.keys() if pk in wordings})
        if scored:
            results[index] = scored
    return _with_items(results)


def normalise(text: str) -> str:
    """The text as compared: its words in lower case, one space apart (markup, punctuation,
    quotes and spacing gone)."""
    return " ".join(words_of(text or ""))


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0 to 1: difflib's ratio of their characters. Cheap
    bounds first, since most candidates differ in length or letters far more than a duplicate may."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SAME_ENOUGH or matcher.quick_ratio() < SAME_ENOUGH:
        return 0.0
    return matcher.ratio()


def _rare_words(text: str, frequency: dict) -> list[str]:
    """RARE_WORDS words of the text to search for: the rarest (fewest uses in the search
    lexicon; a word it lacks, such as one only drafts use, counts as rarest) of each of
    RARE_WORDS stretches of the text. Spread over the whole text, so that items sharing only
    its first sentence (a part of it quoted elsewhere) match few of them and rank below a copy
    of all of it."""
    words = list(
        dict.fromkeys(
            word for word in text.split() if len(word) >= MIN_WORD_LENGTH and word.isalpha() and word not in STOP_WORDS
        )
    )
    if len(words) <= RARE_WORDS:
        return words
    size = len(words) / RARE_WORDS
    stretches = [words[round(n * size) : round((n + 1) * size)] for n in range(RARE_WORDS)]
    return [min(stretch, key=lambda word: (frequency.get(word, 0), -len(word), word)) for stretch in stretches]


def _word_frequencies(texts: list[str]) -> dict:
    """{word: uses} from the search lexicon for the words of all the texts: one query."""
    words = {word for text in texts for word in text.split() if len(word) >= MIN_WORD_LENGTH}
    if not words:
        return {}
    return dict(Term.objects.filter(word__in=words).values_list("word", "frequency"))


def _searched_ids(text: str, length: int, frequency: dict) -> list[int]:
    """Ids of the SEARCHED items (not withdrawn) that match the text's rarest words and are
    nearest its `length` (full or short wording), best ranked first among equals: one query.

    The words are searched for in pairs, one word of each pair at least ("barriers OR
    discomfort siblings OR threats ..."): a copy of the text has them all, one with a typo or
    two still has one of each pair, and an item must share words from all over the text to be
    found at all, so the database orders only a few matches, not every item using one word.
    They are ordered by length before rank: items that quote the text among other sentences
    rank as high (PostgreSQL's rank gives them all about 1.0), but a duplicate is as long as
    the text."""
    words = _rare_words(text, frequency)
    if not words:
        return []
    queryset = LearningItem.objects.exclude(status=Status.WITHDRAWN)
    pairs = [words[n : n + WORDS_PER_GROUP] for n in range(0, len(words), WORDS_PER_GROUP)]
    # The words as they are, without the synonyms search adds for a reader (a duplicate has the
    # same words, and the vocabulary's cache need not be consulted once per text), and without
    # the length limit on what a reader types.
    parsed = ParsedQuery(
        raw=" ".join(" OR ".join(pair) for pair in pairs), groups=[[Atom((word,)) for word in pair] for pair in pairs]
    )
    outcome = SearchOutcome(raw=parsed.raw, parsed=parsed, queryset=queryset)
    gap = Least(Abs(Length("text") - length), Abs(Length("short_text") - length))
    ranked = outcome.ranked_matches(queryset).annotate(length_gap=gap).order_by("length_gap", "-search_rank", "pk")
    return list(ranked.values_list("pk", flat=True)[:SEARCHED])


def _publication_wordings(publication) -> dict:
    """{id: (normalised text, normalised short text)} of every item of `publication`: one query."""
    if publication is None or publication.pk is None:
        return {}
    rows = LearningItem.objects.filter(publication=publication).order_by().values_list("pk", "text", "short_text")
    return {pk: (normalise(text), normalise(short_text)) for pk, text, short_text in rows}


def _wordings(ids: set) -> dict:
    """{id: (normalised text, normalised short text)} of these items: one query, none for no ids."""
    if not ids:
        return {}
    rows = LearningItem.objects.filter(pk__in=ids).order_by().values_list("pk", "text", "short_text")
    return {pk: (normalise(text), normalise(short_text)) for pk, text, short_text in rows}


def _compared(text: str, wordings: dict) -> list[tuple[int, float, bool]]:
    """(id, similarity, same) of the items whose full or short wording is SAME_ENOUGH like `text`."""
    scored = []
    for pk, forms in wordings.items():
        best = max(similarity(text, form) for form in forms)
        if best >= SAME_ENOUGH:
            scored.append((pk, best, text in forms))
    scored.sort(key=lambda row: (-row[1], row[0]))
    return scored[:MATCHES_SHOWN]


def _with_items(results: dict) -> dict[int, list[Match]]:
    """The scored ids as Matches with their items, fetched in one query (none when nothing matched)."""
    ids = {pk for rows in results.values() for pk, _, _ in rows}
    if not ids:
        return {}
    items = LearningItem.objects.select_related("publication", "section", "short_publication").order_by().in_bulk(ids)
    return {
        index: [Match(items[pk], score, same) for pk, score, same in rows if pk in items]
        for index, rows in results.items()
    }
