from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from core.admin import LabelledTabularInline, LiveContentAdmin, VersionedForm, WorkflowAdmin
from core.models import Status
from core.services import Outcome
from learning.admin_import import import_view, job_retry_view, job_status_view, job_view
from learning.models import AgeGroup, Audience, GlossaryTerm, LearningItem, Synonym, Theme
from learning.publishing import (
    PublishError,
    add_theme,
    not_ready,
    publish_items,
    publish_publication,
    readiness_problems,
)
from reviews import admin as reviews_admin
from reviews.models import Publication


class VocabularyAdmin(LiveContentAdmin):
    list_display = ["name", "position", "item_count"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items"))

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items


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
class GlossaryTermAdmin(LiveContentAdmin):
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion", "description"]


@admin.register(Synonym)
class SynonymAdmin(LiveContentAdmin):
    list_display = ["term", "alternatives"]
    search_fields = ["term", "alternatives"]


class LearningItemForm(VersionedForm):
    class Meta:
        model = LearningItem
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status", self.instance.status)
        if status == Status.PUBLISHED:
            problems = readiness_problems(
                has_themes=bool(cleaned["themes"]) if "themes" in cleaned else self.has_saved_themes(),
                publication=cleaned.get("publication"),
                locator=cleaned.get("locator"),
                section=cleaned.get("section"),
                text=cleaned.get("text"),
            )
            for name, message in problems.items():
                self.add_error(name if name in self.fields else None, message)
        self.check_locator_is_free(cleaned)
        return cleaned

    def has_saved_themes(self):
        return bool(self.instance.pk) and self.instance.themes.exists()

    def check_locator_is_free(self, cleaned):
        locator, publication = cleaned.get("locator"), cleaned.get("publication")
        if not locator or not publication:
            return
        clash = LearningItem.objects.filter(
            publication=publication, section=cleaned.get("section"), kind=cleaned.get("kind"), locator=locator
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "locator": f"{publication} already has a {clash.first().get_kind_display().lower()} "
                    f"“{locator}” in this section. Locators must be unique."
                }
            )


class AddThemeForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), help_text="Added to every selected item.")


class LearningItemInline(LabelledTabularInline):
    """The publication's items in source order; change the numbers to reorder them."""

    model = LearningItem
    fk_name = "publication"
    extra = 0
    fields = ["position", "locator", "kind", "short_summary", "status"]
    readonly_fields = ["short_summary", "status"]
    ordering = ["position"]
    show_change_link = True
    verbose_name_plural = "Learning items, in the order they appear in the publication (edit the numbers to reorder)"

    @admin.display(description="Text")
    def short_summary(self, item):
        text = item.display_text
        return text if len(text) <= 120 else text[:117] + "…"


class PublicationAdmin(reviews_admin.PublicationAdmin):
    """The publication's admin with its learning items inline, publishing them with it."""

    list_display = [*reviews_admin.PublicationAdmin.list_display, "item_count"]
    inlines = [*reviews_admin.PublicationAdmin.inlines, LearningItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("board").annotate(n_items=Count("items"))

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, publication):
        return publication.n_items

    @admin.action(description="Publish selected, with all their draft items", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for publication in queryset:
            try:
                publish_publication(publication)
            except PublishError as error:
                self.message_user(request, str(error), messages.ERROR)
                for item, reason in error.problems:
                    self.message_user(request, f"“{item}”: {reason}", messages.WARNING)
            else:
                self.message_user(request, f"Published “{publication}” and its draft items.", messages.SUCCESS)

    def publish_reviewed(self, publication):
        """From the review queue, a publication is published with its draft items, or not at all."""
        try:
            return publish_publication(publication)
        except PublishError as error:
            reasons = "; ".join(f"“{item}”: {reason}" for item, reason in error.problems)
            return Outcome(skipped=[(publication, f"{not_ready(len(error.problems))} {reasons}")])


admin.site.unregister(Publication)
admin.site.register(Publication, PublicationAdmin)


@admin.register(LearningItem)
class LearningItemAdmin(WorkflowAdmin):
    form = LearningItemForm
    # Status comes straight after the item, and long publication titles wrap (static/css/admin.css),
    # so every column is on screen at 1280 px beside the filters.
    list_display = ["__str__", "status", "kind", "publication", "locator"]
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
    actions = ["publish_selected", "withdraw_selected", "send_for_review_selected", "add_theme_to_selected"]

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = [
        (None, {"fields": ["kind", "status", "title", "text", "short_text", "version"]}),
        ("Tags: how practitioners find it", {"fields": ["themes", "age_groups", "audiences"]}),
        (
            "Where it comes from",
            {"fields": ["publication", "section", "locator", "key", "position", "short_publication", "short_locator"]},
        ),
        ("More", {"fields": ["review", "follows", "figures", "source_fixes", "notes"], "classes": ["collapse"]}),
    ]

    def publish(self, queryset):
        return publish_items(queryset.prefetch_related("themes"))

    def revert_initial(self, record):
        """Restoring a version brings back its tags too (simple-history keeps them per version)."""
        tags = {
            name: [getattr(row, f"{related._meta.model_name}_id") for row in getattr(record, name).all()]
            for name, related in (("themes", Theme), ("age_groups", AgeGroup), ("audiences", Audience))
        }
        return {**super().revert_initial(record), **tags}

    @admin.action(description="Add a theme to selected items", permissions=["change"])
    def add_theme_to_selected(self, request, queryset):
        editable = [item for item in queryset if self.has_change_permission(request, item)]
        if "apply" in request.POST:
            form = AddThemeForm(request.POST)
            if form.is_valid():
                outcome = add_theme(editable, form.cleaned_data["theme"])
                self.message_user(
                    request, f"Added “{form.cleaned_data['theme']}” to {len(outcome.changed)} items.", messages.SUCCESS
                )
                return None
        else:
            form = AddThemeForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a theme to selected items",
            "opts": self.opts,
            "form": form,
            "items": editable,
            "skipped": len(queryset) - len(editable),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/learning/add_theme.html", context)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(import_view(self)), name="learning_learningitem_import"),
            path(
                "import/<uuid:job_id>/",
                self.admin_site.admin_view(job_view(self)),
                name="learning_learningitem_import_job",
            ),
            path(
                "import/<uuid:job_id>/status/",
                self.admin_site.admin_view(job_status_view(self)),
                name="learning_learningitem_import_job_status",
            ),
            path(
                "import/<uuid:job_id>/retry/",
                self.admin_site.admin_view(job_retry_view(self)),
                name="learning_learningitem_import_job_retry",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)
