from django.contrib import admin, messages

from core.admin import LabelledTabularInline, LiveContentAdmin, WorkflowAdmin
from core.models import Status
from core.services import publish
from reviews.models import Board, Publication, Review, Section
from reviews.services import publish_reviews, withdraw_publication


@admin.register(Board)
class BoardAdmin(LiveContentAdmin):
    list_display = ["name", "short_name", "area", "website"]
    search_fields = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(LabelledTabularInline):
    model = Section
    extra = 0
    fields = ["position", "number", "key", "title"]
    ordering = ["position"]
    show_change_link = True


@admin.register(Publication)
class PublicationAdmin(WorkflowAdmin):
    list_display = ["title", "board", "kind", "year", "status"]
    list_filter = ["status", "kind", "board", "year"]
    search_fields = ["title", "short_title", "summary"]
    autocomplete_fields = ["board"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "short_title", "slug", "board", "kind", "status", "version"]}),
        ("Date and link", {"fields": ["published_on", "date_text", "year", "url"]}),
        ("About the document", {"fields": ["summary", "introduction", "source_file", "notes"]}),
    ]

    def publish(self, queryset):
        return publish(queryset)

    @admin.action(description="Withdraw selected from the public site", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        for publication in queryset:
            withdraw_publication(publication)
        self.message_user(request, f"{queryset.count()} withdrawn. Nothing was deleted.", messages.SUCCESS)


@admin.register(Section)
class SectionAdmin(LiveContentAdmin):
    """A section shows on its publication's page: live while the publication is not a draft."""

    list_display = ["__str__", "publication", "position"]
    list_filter = ["publication"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["publication"]

    def is_live(self, section):
        return section.publication.status != Status.DRAFT

    def has_live_permission(self, request):
        return request.user.has_perm("reviews.publish_publication")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Without a Publisher's rights, a section can only go into a draft publication."""
        if db_field.name == "publication" and not self.has_live_permission(request):
            kwargs["queryset"] = Publication.objects.drafts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Review)
class ReviewAdmin(WorkflowAdmin):
    list_display = ["title", "board", "kind", "period", "year_reported", "number_of_children", "status"]
    list_filter = ["status", "kind", "board", "year_reported"]
    search_fields = ["title", "summary", "keywords", "area"]
    autocomplete_fields = ["board", "publications"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "board", "kind", "status", "version", "position"]}),
        (
            "Record",
            {
                "description": "The record as its sources give it: leave a field empty where they say nothing.",
                "fields": [
                    "area",
                    "period",
                    ("year_from", "year_to"),
                    "year_reported",
                    "number_of_children",
                    "categories_of_abuse",
                    "keywords",
                    "summary",
                ],
            },
        ),
        ("Where it is reported", {"fields": ["publications", "report_url"]}),
        ("Demographic notes", {"fields": ["demographics", "demographic_tables"]}),
    ]

    def publish(self, queryset):
        return publish_reviews(queryset)
