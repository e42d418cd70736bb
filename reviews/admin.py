from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from learning.models import LearningItem
from reviews.models import Board, Publication, Review, Section


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "area", "website"]
    search_fields = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "number", "key", "title"]
    ordering = ["position"]
    show_change_link = True


class LearningItemInline(admin.TabularInline):
    model = LearningItem
    fk_name = "publication"
    extra = 0
    fields = ["position", "locator", "kind", "short_summary", "status"]
    readonly_fields = ["short_summary"]
    ordering = ["position"]
    show_change_link = True

    @admin.display(description="Text")
    def short_summary(self, item):
        text = item.display_text
        return text if len(text) <= 120 else text[:117] + "…"


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "kind", "year", "status", "item_count"]
    list_filter = ["status", "kind", "board", "year"]
    search_fields = ["title", "short_title", "summary"]
    autocomplete_fields = ["board"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, LearningItemInline]
    fieldsets = [
        (None, {"fields": ["title", "short_title", "slug", "board", "kind", "status"]}),
        ("Date and link", {"fields": ["published_on", "date_text", "year", "url"]}),
        ("About the document", {"fields": ["summary", "introduction", "source_file", "notes"]}),
    ]

    @admin.display(description="Items")
    def item_count(self, publication):
        return publication.items.count()


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "publication", "position"]
    list_filter = ["publication"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["publication"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "kind", "period", "number_of_children", "status"]
    list_filter = ["status", "kind", "board"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["board", "publications"]
    prepopulated_fields = {"slug": ["title"]}
