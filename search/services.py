"""The one entry point for searching learning items, whichever database is in use."""

import hashlib
import math
import re
from dataclasses import dataclass, field
from operator import itemgetter

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef

from core.versioning import kept_unless_touched
from search.backends import get_backend
from search.query import ParsedQuery, parse
from search.vocabulary import get_expander

MIN_WORD_LENGTH_FOR_SUGGESTION = 4
BOOST = 1.0  # what a question names (a kind, an age group, a theme) weighs as much as a common word
DOCUMENT_FREQUENCY_SECONDS = 60 * 60
FEW_RESULTS = 5  # an all-words search finding fewer is broadened to any of the words
BROADENED_MESSAGE = "No learning matched all your words, so these match some of them, those that match most first."


@dataclass
class SearchOutcome:
    """`queryset` holds the matching items (count and filter it); `ranked_matches(qs)` finds
    them among `qs` with their `search_rank`."""

    raw: str
    parsed: ParsedQuery
    queryset: object
    suggestion: str = ""  # a corrected query, when the one typed finds nothing
    showing_suggestion: bool = False  # the results are those of the suggestion
    broadened: bool = False  # matching any of the words, most of the question first
    messages: list = field(default_factory=list)

    @property
    def active(self):
        return not self.parsed.is_empty

    @property
    def matched(self):
        """The query the database matches: all the words, or any of them once broadened."""
        return self.parsed.any_of() if self.broadened else self.parsed

    def ranked_matches(self, queryset):
        """The matches among `queryset` (not yet searched), annotated with `search_rank`: one query."""
        return get_backend().ranked_matches(queryset, self.matched)


def result_limit():
    """The most matches a search lists: beyond it the page says "more than 1,000 results"."""
    return settings.SEARCH_RESULT_LIMIT


def found_ids(queryset, limit=None):
    """The ids of up to `limit` + 1 items of `queryset`, in the order the database finds them.

    One query answers "how many (up to the limit)?" and "which ones?", so a word as common as
    "child" is not counted and ranked across tens of thousands of matches: the page ranks and
    lists the first `limit` and says there are more.
    """
    limit = result_limit() if limit is None else limit
    return list(queryset.order_by().values_list("pk", flat=True)[: limit + 1])


def best_matches(outcome, queryset, tie_breaks=(), limit=None, boosts=()):
    """The ids of the first `limit` matches among `queryset` (not yet searched) that the
    database finds, best first, and whether it found more.

    One query finds them and ranks them (with the `tie_breaks` fields for equal ranks), so a
    word as common as "child" is neither counted nor ranked across tens of thousands of
    matches; the rows found, at most `limit` + 1 of them, are put in order here. Once
    broadened, or when the question names a kind, an age group or a theme, one more query
    (by id, among those rows only) says which words and `boosts` each matches (`scores`).
    Popular searches repeat, so the answer is kept, even past a change of content that it
    cannot be touched by (`still_ranked`): the items themselves are always fetched afresh,
    through the caller's queryset.
    """
    limit = result_limit() if limit is None else limit
    key = hashlib.sha256(
        repr((str(queryset.query), outcome.parsed.groups, outcome.parsed.excluded, outcome.broadened)).encode()
    )
    key.update(repr((tie_breaks, limit, [str(boost) for boost in boosts])).encode())
    return kept_unless_touched(
        f"search:best:{key.hexdigest()}",
        lambda: ranked_ids(outcome, queryset, tie_breaks, limit, boosts),
        lambda kept, changed: not still_ranked(kept, changed, outcome, queryset),
    )


def still_ranked(kept, changed, outcome, queryset):
    """Whether the ranking `kept` (ids, more) is still right after the items `changed` changed:
    none of them is in it, and none of them matches now (one query, by id). An item that
    matches neither before nor after cannot move any other's place."""
    ids, _ = kept
    if not changed.isdisjoint(ids):
        return False
    return not get_backend().filter(queryset.filter(pk__in=changed), outcome.matched).exists()


def ranked_ids(outcome, queryset, tie_breaks, limit, boosts):
    """What `best_matches` returns, found and ranked afresh."""
    rows = list(ranked_rows(outcome, queryset, tie_breaks, limit))
    more = len(rows) > limit
    del rows[limit:]
    if tie_breaks:
        rows.sort(key=itemgetter(*range(2, 2 + len(tie_breaks))))
    rows.sort(key=itemgetter(1), reverse=True)  # stable: equal ranks keep the tie-break order
    groups = outcome.parsed.groups if outcome.broadened else []
    if (groups or boosts) and rows:
        score = scores(outcome, queryset, [row[0] for row in rows], groups, boosts)
        rows.sort(key=lambda row: score[row[0]], reverse=True)  # stable: the database's rank breaks ties
    return [row[0] for row in rows], more


def scores(outcome, queryset, ids, groups, boosts):
    """{id: score} for the items `ids`: the weights (`word_weights`) of the question's word
    `groups` each matches, plus BOOST for each of `boosts` it meets. One query, by id."""
    columns = score_columns(outcome, queryset, groups, boosts)
    weights = [*word_weights(queryset, groups), *[BOOST] * len(boosts)]
    rows = queryset.model.objects.filter(pk__in=ids).annotate(**columns).values_list("pk", *columns)
    return {pk: sum(weight for weight, met in zip(weights, met, strict=True) if met) for pk, *met in rows}


def score_columns(outcome, queryset, groups, boosts):
    """{alias: boolean expression}: for each of the question's word `groups`, whether a row
    matches it; for each of `boosts` (Q objects: what the question names besides its words,
    such as a kind of learning or an age group), whether it meets it."""
    backend = get_backend()
    columns = {
        f"covers_{n}": ExpressionWrapper(backend.matching(outcome.parsed.single(group)), output_field=BooleanField())
        for n, group in enumerate(groups)
    }
    for n, boost in enumerate(boosts):
        columns[f"boost_{n}"] = Exists(queryset.model.objects.filter(boost, pk=OuterRef("pk")))
    return columns


def word_weights(queryset, groups):
    """For each group of the question's words (or phrases, with their alternatives): its
    inverse document frequency, log(1 + N / n), so a rare word counts for more than a common
    one, as in BM25. The frequencies are cached (`document_frequency`)."""
    total = max(1, document_frequency(queryset, None))
    return [math.log(1 + total / max(1, document_frequency(queryset, group))) for group in groups]


def ranked_rows(outcome, queryset, tie_breaks, limit):
    """The query behind `best_matches`: (id, rank, *tie_breaks) of up to `limit` + 1 matches,
    in whatever order the database finds them."""
    matches = outcome.ranked_matches(queryset).order_by()
    return matches.values_list("pk", "search_rank", *tie_breaks)[: limit + 1]


def broadened(outcome, base_queryset):
    """When a search of several words finds little: the same search matching any of them, or None.

    Its results are ranked by how much of the question each item covers, each word weighted by
    how rare it is (`word_weights`), so an item with every word still comes first."""
    if not outcome.active or len(outcome.parsed.groups) < 2:
        return None
    wider = SearchOutcome(raw=outcome.raw, parsed=outcome.parsed, queryset=base_queryset, broadened=True)
    wider.suggestion, wider.showing_suggestion = outcome.suggestion, outcome.showing_suggestion
    wider.queryset = get_backend().filter(base_queryset, wider.matched)
    wider.messages = [*outcome.messages, BROADENED_MESSAGE]
    return wider


def document_frequency(queryset, group):
    """How many of `queryset`'s items match `group` (all of them for None). Cached for an hour,
    not per content version: a word's weight hardly moves with one edit, and counting a common
    word again after every change would cost a scan of its matches."""
    key = hashlib.sha256(repr((str(queryset.query), group)).encode()).hexdigest()

    def count():
        matching = queryset if group is None else get_backend().filter(queryset, ParsedQuery(raw="", groups=[group]))
        return matching.order_by().count()

    return cache.get_or_set(f"search:df:{key}", count, DOCUMENT_FREQUENCY_SECONDS)


def search_items(queryset, raw):
    """Filter `queryset` to items matching `raw` (lazy: no query yet).

    A query with no words leaves the queryset as it is, with a message.
    """
    raw = (raw or "").strip()
    parsed = parse(raw, get_expander())
    outcome = SearchOutcome(raw=raw, parsed=parsed, queryset=queryset)
    if parsed.truncated:
        outcome.messages.append("Your search was long, so only its first words were used.")
    if parsed.is_empty:
        if raw:
            outcome.messages.append(
                "Your search had no words we could look for. Try a word such as neglect or bruising."
            )
        return outcome
    outcome.queryset = get_backend().filter(queryset, parsed)
    return outcome


def corrected(outcome, base_queryset):
    """When a search found nothing: the same search with misspelt words corrected, or None.

    Sets `outcome.suggestion` when there is one, so the page can offer "did you mean". A
    correction is only ever a word that `base_queryset` (what the reader may see) contains, so
    a suggestion can never reveal a word from a draft, a withdrawn or a deleted item.
    """
    if not outcome.active:
        return None
    suggestion = suggest(outcome.parsed, base_queryset)
    if not suggestion:
        return None
    outcome.suggestion = suggestion
    retry = search_items(base_queryset, suggestion)
    retry.raw, retry.suggestion, retry.showing_suggestion = outcome.raw, suggestion, True
    retry.messages = outcome.messages
    return retry


def suggest(parsed, base_queryset, backend=None):
    """A corrected query string, replacing words not in the index with the closest known ones
    that `base_queryset` contains."""
    backend = backend or get_backend()
    words = [atom.words[0] for group in parsed.groups for atom in group if not atom.is_phrase and not atom.alternatives]
    corrections = {}
    # A one-word search needs no check here: its retry finds something only if the word does.
    check = base_queryset if len(words) > 1 else None
    for word in words:
        if len(word) < MIN_WORD_LENGTH_FOR_SUGGESTION or not word.isalpha() or typed_as_acronym(word, parsed.raw):
            continue
        closest = closest_visible_word(word, check, backend)
        if closest and closest != word:
            corrections[word] = closest
    if not corrections:
        return ""
    return " ".join(corrections.get(word, word) for word in parsed.raw.lower().split())


def typed_as_acronym(word, raw):
    """Whether the reader typed the word in capitals (LADO, MASH): an acronym is never "corrected"."""
    return re.search(rf"(?<!\w){re.escape(word.upper())}(?!\w)", raw) is not None


def closest_visible_word(word, base_queryset, backend):
    """The closest known word to `word` that finds something in `base_queryset` (any known
    word when it is None), or None.

    The lexicon is counted from public items only, but it keeps the words of items that were
    since withdrawn or deleted until the next rebuild; checking each candidate against what the
    reader may see keeps suggestions right in between."""
    for candidate in backend.closest_words(word):
        if candidate == word or base_queryset is None:
            return candidate
        if backend.filter(base_queryset, parse(candidate)).exists():
            return candidate
    return None


def snippets_for(items, parsed):
    if parsed.is_empty:
        return {}
    return get_backend().snippets(items, parsed)
