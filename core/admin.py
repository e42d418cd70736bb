"""What every editable kind of content shares in the admin: roles (Editor / Publisher),
publish and withdraw actions, protection against two editors overwriting each other,
full history with restore, and recovery of deleted objects.
"""

import difflib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from core import history, reviewing
from core.admin_ids import IdCheckingAdmin, check_ids_in
from core.ids import parse_id
from core.models import ReviewRequest, ReviewState, Status
from core.services import withdraw

OPEN_STATES = (ReviewState.WAITING, ReviewState.SENT_BACK)
TEXT_FIELDS_TO_COMPARE = ("title", "text", "short_text", "summary", "introduction", "locator", "status")


class VersionedForm(forms.ModelForm):
    """Refuses to save over a newer version than the one the editor opened, and shows the difference."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        submitted = cleaned.get("version")
        if submitted is None:  # a new object, or a form without the field
            cleaned["version"] = self.instance.version or 1
            return cleaned
        if not self.instance.pk:
            return cleaned
        current = type(self.instance).objects.filter(pk=self.instance.pk).first()
        if current is not None and current.version != submitted:
            raise ValidationError(conflict_message(current, cleaned))
        return cleaned


def conflict_message(current, cleaned):
    latest = current.history.first()
    who = getattr(latest, "history_user", None) if latest else None
    when = latest.history_date.strftime("%d %b %Y %H:%M") if latest else "meanwhile"
    rows = []
    for name in TEXT_FIELDS_TO_COMPARE:
        if name not in cleaned or not hasattr(current, name):
            continue
        theirs, yours = str(getattr(current, name) or ""), str(cleaned.get(name) or "")
        if theirs != yours:
            diff = "\n".join(
                difflib.unified_diff(theirs.splitlines(), yours.splitlines(), "saved", "yours", lineterm="")
            )
            rows.append((name.replace("_", " ").capitalize(), diff))
    details = format_html_join("", "<p><strong>{}</strong></p><pre>{}</pre>", rows)
    return format_html(
        "Someone else ({}) saved this on {} after you opened it. Your changes have not been saved. "
        "Here is how your version differs from theirs; open the page again to get their version, "
        "then make your changes again.{}",
        who or "another editor",
        when,
        details,
    )


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose every input has an accessible name.

    Django heads the columns but does not tie the headings to the inputs, so a screen reader
    announces "edit text" for each (axe: label, select-name). Each input is named after its
    field and row instead: "Position (row 2)", "Kind (new row)"."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = "new row" if index is None else f"row {index + 1}"
                for field in form.fields.values():
                    field.widget.attrs.setdefault("aria-label", f"{field.label} ({row})")

        return LabelledFormSet


class LiveContentAdmin(IdCheckingAdmin, SimpleHistoryAdmin):
    """Base admin for every model with history: what is live on the public site changes only
    with a Publisher's rights, however the change is made (the change form, a bulk action, or
    reverting to a version from History).

    `is_live(obj)` says whether an object shows on the public site as it is. By default every
    saved object does (boards, themes, age groups, audiences, glossary terms, synonyms show or
    act on public pages the moment they are saved), and the Editor role has no add or change
    permission on those models (reviews/roles.py), so only Publishers change them.
    `has_live_permission` is the extra right needed to change or create something live.
    """

    def is_live(self, obj):
        return True

    def has_live_permission(self, request):
        return super().has_change_permission(request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.is_live(obj):
            return self.has_live_permission(request)
        return allowed

    # One history entry per save (core/history.py) -------------------------------------------
    def save_model(self, request, obj, form, change):
        """Mark where this save's history starts: saving the object and then each of its tags
        writes an entry, and `log_change` / `log_addition` keep the last one only."""
        marks = request.__dict__.setdefault("_history_marks", {})
        marks[id(obj)] = history.since(self.model)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self.keep_one_history_entry(request, obj, history.describe_change(message))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self.keep_one_history_entry(request, obj, self.change_reason(request, message))
        return entry

    def change_reason(self, request, message):
        """What the History page says of a save: the revert it was, or the fields it changed."""
        record = getattr(request, "history_record", None)
        if record is not None:
            when = formats.date_format(timezone.localtime(record.history_date), "j M Y H:i")
            return f"Reverted to the version of {when}"
        return history.describe_change(message)

    def keep_one_history_entry(self, request, obj, reason):
        mark = request.__dict__.get("_history_marks", {}).pop(id(obj), None)
        if mark is not None:
            history.collapse(obj, mark, reason)

    # History and revert ------------------------------------------------------------------
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One version, with Revert. Reverting needs the rights of the change it makes: to the
        object as it is now, to the version it brings back, and to undelete (a Publisher's)."""
        record = self.history_record(object_id, version_id)
        request.history_record = record
        if request.method == "POST" and not self.may_revert(request, record):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_record(self, object_id, version_id):
        version, pk = parse_id(version_id), parse_id(object_id)
        record = self.model.history.filter(history_id=version, id=pk).first() if version and pk else None
        if record is None:
            raise Http404("No such version.")
        return record

    def may_revert(self, request, record):
        target = record.instance
        current = self.model._default_manager.filter(pk=target.pk).first()
        if current is None:  # undelete: brings something back, so a Publisher's decision
            return self.has_add_permission(request) and self.has_live_permission(request)
        return self.has_change_permission(request, current) and self.has_change_permission(request, target)

    def revert_disabled(self, request, obj=None):
        record = getattr(request, "history_record", None)
        if record is not None and not self.may_revert(request, record):
            return True
        return super().revert_disabled(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        record = getattr(request, "history_record", None)
        if record is None:
            return form
        initial = self.revert_initial(record)

        class RevertForm(form):
            """The version's values, with what a browser must send back to save them."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)

        return RevertForm

    def revert_initial(self, record):
        """Values the revert form starts from beyond the version's own fields: the object's
        current version number, so that saving the revert is checked against the latest save
        (not refused as a conflict with the version being restored)."""
        if not hasattr(self.model, "version"):
            return {}
        current = self.model._default_manager.filter(pk=record.id).values_list("version", flat=True).first()
        return {"version": current} if current is not None else {}


class WorkflowAdmin(LiveContentAdmin):
    """Base admin for content with a status: Editors work on drafts, Publishers publish."""

    form = VersionedForm
    actions = ["publish_selected", "withdraw_selected", "send_for_review_selected"]
    change_list_template = "admin/workflow_change_list.html"
    change_form_template = "admin/workflow_change_form.html"

    # Roles -------------------------------------------------------------------------
    def is_live(self, obj):
        """Published or withdrawn content is a Publisher's: changing a withdrawn object's text
        or status could put it back on the public site."""
        return obj.status != Status.DRAFT

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def has_live_permission(self, request):
        return self.has_publish_permission(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not self.has_publish_permission(request):
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)
        reviewing.settle(obj)

    # Bulk actions (recorded in history: each object is saved) ------------------------
    @admin.action(description="Publish selected", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.report(request, self.publish(queryset), "published")

    @admin.action(description="Withdraw selected from the public site", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.report(request, withdraw(queryset), "withdrawn")

    def publish(self, queryset):
        raise NotImplementedError

    def publish_reviewed(self, obj):
        """Publish one object from the review queue with this kind's own service: an Outcome
        (what it skipped, and why, when the object is not ready)."""
        return self.publish(self.model._default_manager.filter(pk=obj.pk))

    # Review queue (core/reviewing.py) ------------------------------------------------------
    @admin.action(description="Mark selected ready for review", permissions=["change"])
    def send_for_review_selected(self, request, queryset):
        sent = []
        for obj in queryset:
            try:
                sent.append(reviewing.send_for_review(obj, request.user))
            except reviewing.ReviewError as error:
                self.message_user(request, str(error), messages.WARNING)
        reviewing.notify_publishers(sent, queue_url(request))
        if sent:
            self.message_user(
                request,
                f"{len(sent)} sent for review. Each publisher with an email address has been told.",
                messages.SUCCESS,
            )

    def send_for_review_view(self, request, object_id):
        """Confirm, then send one draft for review (linked from its change page)."""
        obj = self.get_object(request, unquote(object_id)) if parse_id(unquote(object_id)) else None
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        if request.method == "POST":
            try:
                review_request = reviewing.send_for_review(obj, request.user)
            except reviewing.ReviewError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                reviewing.notify_publishers([review_request], queue_url(request))
                self.message_user(
                    request,
                    f"“{obj}” is waiting for review. Each publisher with an email address has been told.",
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": "Send for review",
            "problem": reviewing.why_not_sent(request.user, obj),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/send_for_review.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The change page says where the object is in review: waiting, or sent back with the
        Publisher's comment; and offers "Send for review" to whoever may send it."""
        if obj is not None and obj.pk:
            latest = ReviewRequest.objects.of(obj).select_related("requested_by", "decided_by").first()
            context["review_request"] = latest if latest and latest.state in OPEN_STATES else None
            context["send_for_review_url"] = (
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_sendforreview", args=[obj.pk])
                if reviewing.why_not_sent(request.user, obj) is None
                else None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def report(self, request, outcome, verb):
        if outcome.changed:
            self.message_user(request, f"{len(outcome.changed)} {verb}.", messages.SUCCESS)
        for obj, reason in outcome.skipped:
            self.message_user(request, f"Not {verb}: “{obj}”, because {reason}.", messages.WARNING)
        if not outcome.changed and not outcome.skipped:
            self.message_user(request, f"Nothing to do: the selection was already {verb}.", messages.INFO)

    # Recover deleted -----------------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "recover/",
                self.admin_site.admin_view(self.recover_list_view),
                name="{}_{}_recoverlist".format(*info),
            ),
            path(
                "<path:object_id>/send-for-review/",
                self.admin_site.admin_view(self.send_for_review_view),
                name="{}_{}_sendforreview".format(*info),
            ),
            *super().get_urls(),
        ]

    def recover_list_view(self, request):
        """Deleted objects, newest first, each linking to its history where it can be restored."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        existing = self.model._default_manager.values_list("pk", flat=True)
        deleted = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=existing)
            .order_by("id", "-history_date")
            .distinct()
            .select_related("history_user")
        )
        latest = {}
        for record in deleted:
            latest.setdefault(record.id, record)
        records = sorted(latest.values(), key=lambda record: record.history_date, reverse=True)
        history_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_history"
        rows = [
            {"record": record, "label": str(record.instance), "url": reverse(history_url, args=[record.id])}
            for record in records
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Recover deleted {self.opts.verbose_name_plural}",
            "rows": rows,
        }
        return TemplateResponse(request, "admin/recover_list.html", context)


def send_for_review_url(obj):
    """The page that sends `obj` (a draft of a WorkflowAdmin model) for review: for links such
    as the one in the import's success message."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_sendforreview", args=[obj.pk])


def queue_url(request):
    """The review queue's address in full, for an email."""
    return request.build_absolute_uri(reverse("admin:core_reviewrequest_changelist"))


@admin.register(ReviewRequest)
class ReviewQueueAdmin(admin.ModelAdmin):
    """The review queue: what waits for a Publisher, and what was sent back to its Editor.

    Nothing here is added or changed through a form: each row changes only by the steps in
    core/reviewing.py (sent for review from the object's page or list, published or sent
    back from here). Anyone who may send or decide on some kind of content sees the queue;
    only a Publisher of that kind gets buttons."""

    def queue_models(self):
        return [
            model for model, model_admin in self.admin_site._registry.items() if isinstance(model_admin, WorkflowAdmin)
        ]

    def has_view_permission(self, request, obj=None):
        user = request.user
        return any(
            reviewing.may_decide(user, model) or user.has_perm(reviewing.permission(model, "change"))
            for model in self.queue_models()
        ) and bool(user.is_active and user.is_staff)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<path:request_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="core_reviewrequest_decide",
            ),
            path("", self.admin_site.admin_view(self.changelist_view), name="core_reviewrequest_changelist"),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review queue",
            "waiting": self.rows(request, ReviewRequest.objects.waiting()),
            "sent_back": self.rows(request, ReviewRequest.objects.sent_back().order_by("-decided_at")),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)

    def rows(self, request, requests):
        """Each request with its object's change page and whether this user decides on it."""
        rows = []
        for review_request in requests.select_related("content_type", "requested_by", "decided_by"):
            model = review_request.content_type.model_class()
            target = review_request.target
            rows.append(
                {
                    "request": review_request,
                    "target": target,
                    "kind": model._meta.verbose_name if model else review_request.content_type.name,
                    "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[target.pk])
                    if target is not None
                    else None,
                    "may_decide": target is not None and reviewing.may_decide(request.user, model),
                    "mine": review_request.requested_by_id == request.user.pk,
                }
            )
        return rows

    def decide_view(self, request, request_id):
        """Publish or send back one waiting draft: POST only, from the queue's buttons."""
        pk = parse_id(request_id)
        review_request = ReviewRequest.objects.filter(pk=pk).first() if pk else None
        if review_request is None:
            raise Http404("No such review request.")
        model = review_request.content_type.model_class()
        if model is None or not reviewing.may_decide(request.user, model):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:core_reviewrequest_changelist")
        try:
            self.decide(request, review_request, model)
        except reviewing.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
        return redirect("admin:core_reviewrequest_changelist")

    def decide(self, request, review_request, model):
        if "publish" in request.POST:
            model_admin = self.admin_site._registry[model]
            reviewing.publish_reviewed(review_request, request.user, model_admin.publish_reviewed)
            self.message_user(request, f"Published “{review_request.target}”.", messages.SUCCESS)
        elif "send_back" in request.POST:
            reviewing.send_back(review_request, request.user, request.POST.get("comment", ""))
            editor = reviewing.who(review_request.requested_by)
            self.message_user(
                request, f"Sent “{review_request.label}” back to {editor} with your comment.", messages.SUCCESS
            )
        else:
            raise reviewing.ReviewError("Choose Publish or Send back.")


# Users and groups: Django's own admins, with the same checks of ids from the request.
check_ids_in(admin.site, [get_user_model(), Group])
