"""PostgreSQL full-text search: weighted tsvector with a GIN index, SearchRank ordering,
SearchHeadline snippets, and pg_trgm similarity for spelling suggestions."""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from search.backends import START, STOP, highlight
from search.models import SearchDocument, Term

CONFIG = "english"


def vector_expression():
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("body", weight="B", config=CONFIG)
        + SearchVector("extra", weight="C", config=CONFIG)
    )


def _form_query(words):
    return SearchQuery(" ".join(words), search_type="phrase" if len(words) > 1 else "plain", config=CONFIG)


def to_search_query(parsed):
    groups = [reduce(or_, [_form_query(form) for atom in group for form in atom.forms()]) for group in parsed.groups]
    query = reduce(and_, groups)
    for atom in parsed.excluded:
        query = query & ~_form_query(atom.words)
    return query


class PostgresBackend:
    name = "postgresql"

    def matching(self, parsed):
        """A condition (Q) true of the items that match `parsed`: to filter, or to annotate with."""
        return Q(search_document__vector=to_search_query(parsed))

    def filter(self, queryset, parsed):
        return queryset.filter(self.matching(parsed))

    def ranked_matches(self, queryset, parsed):
        """The matches among `queryset`, with `search_rank`, in one query."""
        query = to_search_query(parsed)
        return queryset.filter(search_document__vector=query).annotate(
            search_rank=SearchRank(F("search_document__vector"), query)
        )

    def snippets(self, items, parsed):
        query = to_search_query(parsed)
        # Snippets come from the wording people read, never from the themes/glossary column.
        documents = SearchDocument.objects.filter(pk__in=[item.pk for item in items]).annotate(
            snippet=SearchHeadline(
                Concat("title", Value(" … "), "body", output_field=TextField()),
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                min_words=12,
                max_words=35,
                fragment_delimiter=" … ",
            )
        )
        return {pk: highlight(snippet) for pk, snippet in documents.values_list("pk", "snippet") if START in snippet}

    def refresh_vectors(self, item_ids=None):
        documents = SearchDocument.objects.all()
        if item_ids is not None:
            documents = documents.filter(pk__in=item_ids)
        documents.update(vector=vector_expression())

    def closest_words(self, word, limit=5):
        """Known words that look like `word`, closest first (the word itself when it is known)."""
        return list(
            Term.objects.filter(word__trigram_similar=word)  # `%` reaches the trigram index (0002)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gt=0.3)
            .order_by("-similarity", "-frequency")
            .values_list("word", flat=True)[:limit]
        )
