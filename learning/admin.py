from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Synonym, Theme


class VocabularyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "item_count"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="Items")
    def item_count(self, obj):
        return obj.items.count()


@admin.register(Theme)
class ThemeAdmin(VocabularyAdmin):
    pass


@admin.register(AgeGroup)
class AgeGroupAdmin(VocabularyAdmin):
    pass


@admin.register(Audience)
class AudienceAdmin(VocabularyAdmin):
    pass


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion", "description"]


@admin.register(Synonym)
class SynonymAdmin(SimpleHistoryAdmin):
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


@admin.register(LearningItem)
class LearningItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "publication", "locator", "status"]
    list_filter = ["status", "kind", "themes", "age_groups", "audiences", "publication__board", "publication"]
    search_fields = ["text", "short_text", "title", "locator"]
    autocomplete_fields = [
        "publication",
        "short_publication",
        "section",
        "review",
        "follows",
        "themes",
        "age_groups",
        "audiences",
    ]
    list_select_related = ["publication", "section"]
    fieldsets = [
        (None, {"fields": ["kind", "status", "title", "text", "short_text"]}),
        ("Tags", {"fields": ["themes", "age_groups", "audiences"]}),
        (
            "Where it comes from",
            {"fields": ["publication", "section", "locator", "key", "position", "short_publication", "short_locator"]},
        ),
        ("More", {"fields": ["review", "follows", "figures", "source_fixes", "notes"], "classes": ["collapse"]}),
    ]
