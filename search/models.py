"""The search index: one document per indexed object, plus a lexicon for spelling suggestions.

The index holds drafts too; every public query starts from what the public may see, so a
draft can never be found. PostgreSQL keeps a weighted tsvector (GIN-indexed); SQLite keeps an
FTS5 table fed by triggers on this table (see migrations).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """The indexed text of one object of settings.SEARCH_INDEXED_MODEL (what the content app
    indexes; search itself knows nothing of it)."""

    item = models.OneToOneField(
        settings.SEARCH_INDEXED_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField(blank=True, help_text="Heading and short wording (weight A).")
    body = models.TextField(blank=True, help_text="Full wording (weight B).")
    extra = models.TextField(blank=True, help_text="Themes, glossary expansions and acronyms (weight C).")
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return f"Search document for item {self.item_id}"


class Term(models.Model):
    """A word that occurs in the indexed text, for "did you mean" suggestions."""

    word = models.CharField(max_length=60, unique=True)
    frequency = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class UnansweredSearch(models.Model):
    """A search that found nothing: the words only (never who, or from where), how often, and
    the first and last day, so board staff can add the synonym or glossary term it lacked.
    Rows not seen for UNANSWERED_DAYS days are deleted."""

    text = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=1)
    first_seen = models.DateField()
    last_seen = models.DateField(db_index=True)

    class Meta:
        ordering = ["-count", "text"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"

    def __str__(self):
        return self.text
