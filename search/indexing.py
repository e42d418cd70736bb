"""Keep the search index in step with what the content apps hand it.

A content app turns its objects into `Document`s and calls `index()` when they change, or
`rebuild()` with all of them in batches. Search stores, matches, ranks and highlights them,
and knows nothing of what they are (learning/search_index.py is the one app that hands it
documents today: its learning items).
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from search.backends import get_backend
from search.models import SearchDocument, Term
from search.query import words_of

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Document:
    """What search keeps of one object: `id` is the indexed object's primary key.

    `title` weighs most (weight A), then `body` (B), then `extra` (C: index-only words such
    as tags and expansions, never shown in a snippet). `suggestible` says the words of
    `title` and `body` may be offered as spelling corrections: only for what everyone may see.
    """

    id: int
    title: str = ""
    body: str = ""
    extra: str = ""
    suggestible: bool = False


def index(documents):
    """Write (or rewrite) these documents: one transaction, two statements per batch."""
    documents = list(documents)
    if not documents:
        return 0
    with transaction.atomic():
        _write(documents)
        add_terms(document for document in documents if document.suggestible)
    return len(documents)


def _write(documents):
    SearchDocument.objects.bulk_create(
        [SearchDocument(item_id=d.id, title=d.title, body=d.body, extra=d.extra) for d in documents],
        update_conflicts=True,
        unique_fields=["item"],
        update_fields=["title", "body", "extra"],
        batch_size=BATCH_SIZE,
    )
    get_backend().refresh_vectors([document.id for document in documents])


def lexicon_words(text):
    return (word for word in words_of(text) if 3 <= len(word) <= 60 and word.isalpha())


def _counts(documents):
    return Counter(word for document in documents for word in lexicon_words(f"{document.title} {document.body}"))


def add_terms(documents):
    """Add the words of these documents (or stored SearchDocument rows) to the lexicon."""
    Term.objects.bulk_create(
        [Term(word=word, frequency=count) for word, count in _counts(documents).items()],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )


def learn_words(ids):
    """Add the stored words of the documents with these ids to the lexicon (e.g. once a
    publication is published, its items' words may be suggested)."""
    add_terms(SearchDocument.objects.filter(pk__in=ids).only("title", "body").iterator(chunk_size=BATCH_SIZE))


@transaction.atomic
def rebuild(batches):
    """Replace the whole index, and count the lexicon afresh, from batches of Documents."""
    SearchDocument.objects.all().delete()
    Term.objects.all().delete()
    total, counts = 0, Counter()
    for batch in batches:
        batch = list(batch)
        _write(batch)
        counts.update(_counts(document for document in batch if document.suggestible))
        total += len(batch)
    Term.objects.bulk_create([Term(word=word, frequency=n) for word, n in counts.items()], batch_size=BATCH_SIZE)
    return total
