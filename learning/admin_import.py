"""Admin: import a new briefing. Staff paste or upload the text, check the preview of the
items it was split into (with suggested themes), then confirm. Nothing is saved before
they confirm; the preview travels signed in the form, so it cannot be tampered with."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from core.models import Status
from learning import importer
from learning.models import AgeGroup, GlossaryTerm, Kind, Theme
from learning.services import DraftItem, import_items, new_publication
from reviews.models import Board, Publication

SIGNING_SALT = "learning.import.preview"
MAX_PASTE = importer.MAX_TEXT_CHARS  # the most text one import takes, pasted or uploaded


class ImportForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.all(), help_text="Who published the briefing.")
    publication = forms.ModelChoiceField(
        queryset=Publication.objects.exclude(status=Status.WITHDRAWN),
        required=False,
        help_text="Add the items to a publication you have already created…",
    )
    new_title = forms.CharField(
        required=False,
        max_length=300,
        label="…or the title of a new publication",
        help_text="It is created as a draft.",
    )
    age_group = forms.ModelChoiceField(queryset=AgeGroup.objects.all(), required=False, help_text="Optional.")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        required=False,
        max_length=MAX_PASTE,
        label="Paste the text",
        help_text=(
            "Lettered points a), numbered paragraphs 5.1, bullets and headings such as “Good practice” are recognised."
        ),
    )
    upload = forms.FileField(required=False, label="…or upload a file", help_text=".txt, .md or .docx")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("publication") and not cleaned.get("new_title", "").strip():
            raise ValidationError("Choose a publication, or give the title of a new one.")
        publication = cleaned.get("publication")
        if publication and cleaned.get("board") and publication.board_id != cleaned["board"].pk:
            self.add_error("publication", "That publication belongs to another board.")
        upload = cleaned.get("upload")
        if upload:
            try:
                cleaned["text"] = importer.read_upload(upload)
            except importer.UnreadableFile as error:
                self.add_error("upload", str(error))
        elif not cleaned.get("text", "").strip():
            self.add_error("text", "Paste the text of the briefing, or upload a file.")
        return cleaned


def import_view(model_admin):
    def view(request):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Import a briefing",
        }
        if request.method == "POST" and "confirm" in request.POST:
            return confirm(request, model_admin)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return preview(request, form, context)
        context["form"] = form
        return TemplateResponse(request, "admin/learning/import.html", context)

    return view


def preview(request, form, context):
    result = importer.parse(form.cleaned_data["text"])
    themes = list(Theme.objects.values_list("slug", "name", "description"))
    glossary = list(GlossaryTerm.objects.values_list("term", "expansion"))
    rows = [
        {
            "index": index,
            "item": item,
            "kind_label": Kind(item.kind).label if item.kind in Kind.values else item.kind,
            "suggested": importer.suggest_themes(item.text, themes, glossary),
        }
        for index, item in enumerate(result.items)
    ]
    payload = {
        "board": form.cleaned_data["board"].pk,
        "publication": form.cleaned_data["publication"].pk if form.cleaned_data["publication"] else None,
        "new_title": form.cleaned_data.get("new_title", "").strip(),
        "age_group": form.cleaned_data["age_group"].pk if form.cleaned_data["age_group"] else None,
        "items": [[i.kind, i.locator, i.heading, i.text] for i in result.items],
    }
    context.update(
        rows=rows,
        warnings=result.warnings,
        themes=Theme.objects.all(),
        payload=signing.dumps(payload, salt=SIGNING_SALT, compress=True),
        form=form,
    )
    return TemplateResponse(request, "admin/learning/import_preview.html", context)


def confirm(request, model_admin):
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=SIGNING_SALT)
    except signing.BadSignature:
        messages.error(request, "The preview could not be read. Please start the import again.")
        return redirect(reverse("admin:learning_learningitem_import"))
    known = set(Theme.objects.values_list("slug", flat=True))
    drafts = [
        DraftItem(kind, locator, heading, text, [s for s in request.POST.getlist(f"themes-{index}") if s in known])
        for index, (kind, locator, heading, text) in enumerate(payload["items"])
        if request.POST.get(f"keep-{index}")
    ]
    board = Board.objects.get(pk=payload["board"])
    age_group = AgeGroup.objects.filter(pk=payload["age_group"]).first() if payload["age_group"] else None
    try:
        with transaction.atomic():  # a new publication is only kept if its items are saved too
            publication = (
                Publication.objects.filter(pk=payload["publication"]).first() if payload["publication"] else None
            )
            if publication is None:
                publication = new_publication(board, payload["new_title"] or "Imported briefing")
            items = import_items(publication, drafts, age_group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("admin:learning_learningitem_import"))
    messages.success(
        request, f"Imported {len(items)} draft items into “{publication}”. Check them, then ask a publisher to publish."
    )
    url = reverse("admin:learning_learningitem_changelist")
    return redirect(f"{url}?publication__id__exact={publication.pk}&status__exact=draft")
