"""Keep the search index in step with the content.

`index_items()` (re)writes the search documents of some items; `rebuild()` does all of
them. Signals (search/signals.py) call these whenever an item, its themes, or the
glossary change; `manage.py rebuild_search_index` rebuilds everything.
"""

import re
from collections import Counter

from django.db import transaction

from search.backends import get_backend
from search.models import SearchDocument, Term
from search.query import words_of

BATCH_SIZE = 2000
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]s?\b")


def glossary_pairs():
    from learning.models import GlossaryTerm

    return [(term, expansion) for term, expansion in GlossaryTerm.objects.values_list("term", "expansion")]


def glossary_additions(text, pairs):
    """Expansions of acronyms the text uses, and acronyms of expansions it spells out."""
    lowered = text.lower()
    found_acronyms = set(_ACRONYM.findall(text))
    additions = []
    for term, expansion in pairs:
        if term in found_acronyms or term.rstrip("s") in found_acronyms:
            additions.append(expansion)
        elif expansion.lower() in lowered:
            additions.append(term)
    return additions


def document_for(item, pairs):
    # The short wording is searchable only while the leaflet it comes from is published.
    short_text = item.short_text if item.shows_short_wording else ""
    title = "\n".join(part for part in (item.title, short_text) if part)
    body = item.text
    themes = [theme.name for theme in item.themes.all()]
    extra = "\n".join(themes + glossary_additions(f"{title}\n{body}", pairs))
    return SearchDocument(item_id=item.pk, title=title, body=body, extra=extra)


def index_items(items, pairs=None):
    """Write search documents for the given items (with themes prefetched if possible)."""
    pairs = glossary_pairs() if pairs is None else pairs
    documents = [document_for(item, pairs) for item in items]
    if not documents:
        return 0
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["item"],
            update_fields=["title", "body", "extra"],
            batch_size=BATCH_SIZE,
        )
        get_backend().refresh_vectors([document.item_id for document in documents])
        add_terms(public_documents(documents))
    return len(documents)


def public_documents(documents):
    """The documents of items the public may see: only their words may be suggested."""
    from learning.models import LearningItem

    public = set(
        LearningItem.objects.published().filter(pk__in=[d.item_id for d in documents]).values_list("pk", flat=True)
    )
    return [document for document in documents if document.item_id in public]


def lexicon_words(text):
    return (word for word in words_of(text) if 3 <= len(word) <= 60 and word.isalpha())


def add_terms(documents):
    counts = Counter(word for document in documents for word in lexicon_words(f"{document.title} {document.body}"))
    Term.objects.bulk_create(
        [Term(word=word, frequency=count) for word, count in counts.items()],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )


def rebuild():
    """Re-index every item and recount the lexicon."""
    from learning.models import LearningItem

    pairs = glossary_pairs()
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        Term.objects.all().delete()
        queryset = LearningItem.objects.select_related("short_publication").prefetch_related("themes").order_by("pk")
        last_pk = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_pk)[:BATCH_SIZE])
            if not batch:
                break
            total += index_items(batch, pairs)
            last_pk = batch[-1].pk
        recount_terms()
    return total


def recount_terms():
    """Count the lexicon again from the public items' documents only."""
    from learning.models import LearningItem

    counts = Counter()
    documents = SearchDocument.objects.filter(item__in=LearningItem.objects.published())
    for title, body in documents.values_list("title", "body").iterator(chunk_size=BATCH_SIZE):
        counts.update(lexicon_words(f"{title} {body}"))
    Term.objects.all().delete()
    Term.objects.bulk_create(
        [Term(word=word, frequency=count) for word, count in counts.items()], batch_size=BATCH_SIZE
    )
