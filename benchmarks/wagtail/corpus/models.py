"""The corpus as Wagtail would hold it: each published item's title and text, indexed by Wagtail's search."""

from django.db import models
from wagtail.search import index


class Item(index.Indexed, models.Model):
    title = models.TextField(blank=True)
    text = models.TextField()

    search_fields = [index.SearchField("title", boost=2), index.SearchField("text")]

    class Meta:
        app_label = "wagtail_corpus"

    def __str__(self):
        return self.title or self.text[:60]
