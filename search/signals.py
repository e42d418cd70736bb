"""Re-index an item whenever it, its themes, or the glossary change.

Indexing runs in the same transaction as the change, so the index can never hold
an edit that was rolled back.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from learning.models import GlossaryTerm, LearningItem, Synonym
from reviews.models import Publication
from search import indexing
from search.models import SearchDocument


def _reindex(item_pk):
    items = LearningItem.objects.filter(pk=item_pk).select_related("short_publication")
    item = items.prefetch_related("themes").first()
    if item is not None:
        indexing.index_items([item])


@receiver(post_save, sender=LearningItem)
def item_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures are indexed in one go by load_seed
        _reindex(instance.pk)


@receiver(post_save, sender=Publication)
def publication_saved(sender, instance, raw=False, **kwargs):
    """Publishing or unpublishing a leaflet adds or removes its short wordings, which are
    indexed with the full-report items they summarise."""
    if not raw:
        borrowers = LearningItem.objects.filter(short_publication=instance).exclude(publication=instance)
        indexing.index_items(borrowers.select_related("short_publication").prefetch_related("themes"))
        if instance.is_published:  # its items' words may now be suggested
            indexing.add_terms(SearchDocument.objects.filter(item__in=instance.items.published()))


@receiver(m2m_changed, sender=LearningItem.themes.through)
def item_themes_changed(sender, instance, action, reverse, raw=False, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # theme.items.add(...): re-index those items
        items = LearningItem.objects.filter(pk__in=kwargs.get("pk_set") or []).prefetch_related("themes")
        indexing.index_items(items)
    else:
        _reindex(instance.pk)


@receiver([post_save, post_delete], sender=GlossaryTerm)
@receiver([post_save, post_delete], sender=Synonym)
def vocabulary_changed(sender, instance, raw=False, **kwargs):
    if sender is GlossaryTerm and not raw:
        mentions = Q(text__icontains=instance.term) | Q(short_text__icontains=instance.term)
        mentions |= Q(text__icontains=instance.expansion) | Q(short_text__icontains=instance.expansion)
        indexing.index_items(LearningItem.objects.filter(mentions).prefetch_related("themes"))
