"""Admin: import a new briefing. Staff paste or upload the text, check the preview of the
items it was split into (with suggested themes), then confirm. Nothing is saved before
they confirm; the preview travels signed in the form, so it cannot be tampered with.

A PDF is checked while the upload is open, then read in the background (learning/import_jobs.py):
the upload leads to the job's page, which shows progress until the items are ready and then
shows the same preview."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from core.admin import send_for_review_url
from core.models import Status
from learning import import_jobs, importer
from learning.duplicates import likely_duplicates
from learning.importer.results import ParsedItem
from learning.models import AgeGroup, GlossaryTerm, ImportJob, Kind, Theme
from learning.services import DraftItem, import_items, new_publication
from reviews.models import Board, Publication

SIGNING_SALT = "learning.import.preview"
MAX_PASTE = importer.MAX_TEXT_CHARS  # the most text one import takes, pasted or uploaded
PROGRESS_REFRESH_SECONDS = 2  # how often the job's page reloads itself where JavaScript is off


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
    upload = forms.FileField(
        required=False,
        label="…or upload a file",
        help_text=".pdf (with a text layer), .docx, .txt or .md. A PDF is read in the background: you will see how far "
        "it has got.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("publication") and not cleaned.get("new_title", "").strip():
            raise ValidationError("Choose a publication, or give the title of a new one.")
        publication = cleaned.get("publication")
        if publication and cleaned.get("board") and publication.board_id != cleaned["board"].pk:
            self.add_error("publication", "That publication belongs to another board.")
        upload = cleaned.get("upload")
        if upload and importer.is_pdf_upload(upload):
            self.clean_pdf(upload, cleaned)
        elif upload:
            try:
                cleaned["text"] = importer.read_upload(upload)
            except importer.UnreadableFile as error:
                self.add_error("upload", str(error))
        elif not cleaned.get("text", "").strip():
            self.add_error("text", "Paste the text of the briefing, or upload a file.")
        return cleaned

    def clean_pdf(self, upload, cleaned):
        """Check the PDF now, so that a locked, damaged, scanned-looking or overlong one is refused at once."""
        try:
            data = read_pdf_upload(upload)
            cleaned["pdf"] = {"data": data, "name": upload.name or "upload.pdf", "pages": importer.check_pdf(data)}
        except importer.UnreadableFile as error:
            self.add_error("upload", str(error))


def read_pdf_upload(upload) -> bytes:
    """The uploaded PDF's bytes, refusing one over MAX_PDF_BYTES without reading much more."""
    limit = importer.MAX_PDF_BYTES
    if (upload.size or 0) > limit:
        raise importer.UnreadableFile(
            f"The PDF is too large ({upload.size / 2**20:.1f} MB); the limit is {limit / 2**20:g} MB. "
            "Split it, or paste the part with the learning points."
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise importer.UnreadableFile(f"The PDF is too large; the limit is {limit / 2**20:g} MB.")
    return data


def form_options(cleaned) -> dict:
    """The form's choices as ids, to keep in a job or a signed preview."""
    return {
        "board": cleaned["board"].pk,
        "publication": cleaned["publication"].pk if cleaned.get("publication") else None,
        "new_title": cleaned.get("new_title", "").strip(),
        "age_group": cleaned["age_group"].pk if cleaned.get("age_group") else None,
    }


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
            options = form_options(form.cleaned_data)
            pdf = form.cleaned_data.get("pdf")
            if pdf:
                job = import_jobs.start(request.user, pdf["data"], pdf["name"], pdf["pages"], options)
                return redirect(job_url(job))
            result = importer.parse(form.cleaned_data["text"])
            return preview(request, context, result.items, result.warnings, options)
        context["form"] = form
        context["recent_jobs"] = recent_jobs(request.user)
        return TemplateResponse(request, "admin/learning/import.html", context)

    return view


def preview(request, context, items, warnings, options, job=None):
    """The items found, each with suggested themes (and the words that suggested them) and any
    likely duplicate of learning already kept, in a form that confirms them (nothing saved yet)."""
    all_themes = list(Theme.objects.all())
    themes = [(theme.slug, theme.name, theme.description) for theme in all_themes]
    glossary = list(GlossaryTerm.objects.values_list("term", "expansion"))
    publication = Publication.objects.filter(pk=options["publication"]).first() if options["publication"] else None
    duplicates = likely_duplicates([item.text for item in items], publication)
    rows = []
    for index, item in enumerate(items):
        suggestions = importer.theme_suggestions(item.text, themes, glossary)
        suggested = [suggestion.slug for suggestion in suggestions]
        rows.append(
            {
                "index": index,
                "item": item,
                "kind_label": Kind(item.kind).label if item.kind in Kind.values else item.kind,
                "suggestions": suggestions,  # ticked in advance only when strong
                "suggested": suggested,
                "other_themes": [theme for theme in all_themes if theme.slug not in suggested],
                "duplicates": duplicates.get(index, []),  # learning.duplicates.Match: left unticked
            }
        )
    payload = {
        **options,
        "job": str(job.pk) if job else None,
        "items": [[i.kind, i.locator, i.heading, i.text, i.page] for i in items],
    }
    context.update(
        rows=rows,
        warnings=warnings,
        themes=all_themes,
        payload=signing.dumps(payload, salt=SIGNING_SALT, compress=True),
        destination_publication=publication,
        destination_title=options["new_title"] or "Imported briefing",
        job=job,
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
        DraftItem(
            kind, locator, heading, text, [s for s in request.POST.getlist(f"themes-{index}") if s in known], *page
        )
        for index, (kind, locator, heading, text, *page) in enumerate(payload["items"])
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
            if payload.get("job"):
                import_jobs.mark_saved(payload["job"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("admin:learning_learningitem_import"))
    next_step = (
        format_html('<a href="{}">send “{}” for review</a>', send_for_review_url(publication), publication)
        if publication.status == Status.DRAFT
        else "tick them below and choose “Mark selected ready for review”"
    )
    done = format_html("Imported {} draft items into “{}”. Check them, then {}.", len(items), publication, next_step)
    messages.success(request, done)
    url = reverse("admin:learning_learningitem_changelist")
    return redirect(f"{url}?publication__id__exact={publication.pk}&status__exact=draft")


# The background job of a PDF import -----------------------------------------------------------
def recent_jobs(user, limit=10):
    """The user's latest PDF imports, so one left while it was read can be found again."""
    return list(ImportJob.objects.of(user).filter(created_by=user).defer("source", "result")[:limit])


def job_url(job):
    return reverse("admin:learning_learningitem_import_job", args=[job.pk])


def users_job(request, model_admin, job_id) -> ImportJob:
    """The job, if it is this user's and they may still import; anyone else's is not found."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    job = ImportJob.objects.of(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such import.")
    return import_jobs.check_stalled(job)


def job_view(model_admin):
    """The job's page: progress while the PDF is read (reloading itself, or updated by
    static/js/import-progress.js), the preview once it is ready, or why it failed."""

    def view(request, job_id):
        job = users_job(request, model_admin, job_id)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": f"Import “{job.file_name}”",
        }
        if job.state == ImportJob.State.DONE:
            items = [
                ParsedItem(kind, locator, heading, text, index + 1, page)
                for index, (kind, locator, heading, text, page) in enumerate(job.result["items"])
            ]
            return preview(request, context, items, job.result["warnings"], job.options, job=job)
        context.update(
            job=job,
            may_retry=import_jobs.may_retry(job),
            refresh_seconds=PROGRESS_REFRESH_SECONDS if job.is_working else None,
            status_url=reverse("admin:learning_learningitem_import_job_status", args=[job.pk]),
        )
        return TemplateResponse(request, "admin/learning/import_job.html", context)

    return view


def job_status_view(model_admin):
    """How far the job has got, as JSON, for the progress page's script."""

    def view(request, job_id):
        job = users_job(request, model_admin, job_id)
        return JsonResponse(
            {
                "state": job.state,
                "label": job.get_state_display(),
                "pages_done": job.pages_done,
                "pages_total": job.pages_total,
                "percent": job.percent,
                "error": job.error,
                "finished": not job.is_working,
            },
            headers={"Cache-Control": "no-store"},
        )

    return view


def job_retry_view(model_admin):
    """Try a failed job again (the Try again button on its page)."""

    @require_POST
    def view(request, job_id):
        job = users_job(request, model_admin, job_id)
        if import_jobs.retry(job):
            messages.info(request, f"Reading “{job.file_name}” again.")
        else:
            messages.error(request, "This import cannot be tried again. Upload the PDF again, or paste the text.")
        return redirect(job_url(job))

    return view
