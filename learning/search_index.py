"""Learning hands its items to search (search/indexing.py) as documents, and keeps them in step.

An item's document holds its heading and short wording (while its leaflet is published), its
full wording, and, as index-only words, its themes and the glossary's expansions of the
acronyms it uses. Only the words of public items may be suggested as spelling corrections.
Re-indexing runs in the same transaction as the change, so the index can never hold an edit
that was rolled back.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from learning.glossary import Glossary
from learning.models import GlossaryTerm, LearningItem, Synonym
from reviews.models import Publication
from search import indexing, vocabulary

BATCH_SIZE = indexing.BATCH_SIZE


def glossary():
    return Glossary(GlossaryTerm.objects.values_list("term", "expansion"))


def document_for(item, glossary, public_ids):
    short_text = item.short_text if item.shows_short_wording else ""
    title = "\n".join(part for part in (item.title, short_text) if part)
    themes = [theme.name for theme in item.themes.all()]
    extra = "\n".join(themes + glossary.additions(f"{title}\n{item.text}"))
    return indexing.Document(item.pk, title, item.text, extra, suggestible=item.pk in public_ids)


def documents_for(items, glossary):
    items = list(items)
    public_ids = set(LearningItem.objects.published().filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))
    return [document_for(item, glossary, public_ids) for item in items]


def for_indexing(items):
    return items.select_related("short_publication").prefetch_related("themes")


def index_items(items, glossary_=None):
    """Write the search documents of these items."""
    return indexing.index(documents_for(items, glossary_ or glossary()))


def rebuild():
    """Re-index every item and recount the lexicon."""
    return indexing.rebuild(_batches(glossary()))


def _batches(glossary_):
    queryset, last_pk = for_indexing(LearningItem.objects.order_by("pk")), 0
    while batch := list(queryset.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        yield documents_for(batch, glossary_)
        last_pk = batch[-1].pk


def equivalence_groups():
    """Words search treats as the same: the glossary's terms and expansions, and the synonyms."""
    groups = glossary().groups()
    for term, alternatives in Synonym.objects.values_list("term", "alternatives"):
        groups.append([term, *[line for line in alternatives.splitlines() if line.strip()]])
    return groups


# Keeping the index in step ------------------------------------------------------------------


def item_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures are indexed in one go by load_seed
        index_items(for_indexing(LearningItem.objects.filter(pk=instance.pk)))


def publication_saved(sender, instance, raw=False, **kwargs):
    """Publishing or unpublishing a leaflet adds or removes its short wordings, which are
    indexed with the full-report items they summarise; once published, its items' words may
    be suggested."""
    if raw:
        return
    borrowers = LearningItem.objects.filter(short_publication=instance).exclude(publication=instance)
    index_items(for_indexing(borrowers))
    if instance.is_published:
        indexing.learn_words(instance.items.published().values_list("pk", flat=True))


def item_themes_changed(sender, instance, action, reverse, raw=False, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    pks = (kwargs.get("pk_set") or []) if reverse else [instance.pk]  # theme.items.add(...) when reverse
    index_items(for_indexing(LearningItem.objects.filter(pk__in=pks)))


def glossary_term_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mentions = Q(text__icontains=instance.term) | Q(short_text__icontains=instance.term)
        mentions |= Q(text__icontains=instance.expansion) | Q(short_text__icontains=instance.expansion)
        index_items(for_indexing(LearningItem.objects.filter(mentions)))


def connect():
    post_save.connect(item_saved, sender=LearningItem, dispatch_uid="search-item")
    post_save.connect(publication_saved, sender=Publication, dispatch_uid="search-publication")
    m2m_changed.connect(item_themes_changed, sender=LearningItem.themes.through, dispatch_uid="search-themes")
    post_save.connect(glossary_term_changed, sender=GlossaryTerm, dispatch_uid="search-glossary-saved")
    post_delete.connect(glossary_term_changed, sender=GlossaryTerm, dispatch_uid="search-glossary-deleted")
    vocabulary.provide(equivalence_groups)
