"""What every editable kind of content shares in the admin: roles (Editor / Publisher),
publish and withdraw actions, protection against two editors overwriting each other,
full history with restore, and recovery of deleted objects.
"""

import difflib

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from core.admin_ids import IdCheckingAdmin, check_ids_in
from core.ids import parse_id
from core.models import Status
from core.services import withdraw

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
    actions = ["publish_selected", "withdraw_selected"]
    change_list_template = "admin/workflow_change_list.html"

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

    # Bulk actions (recorded in history: each object is saved) ------------------------
    @admin.action(description="Publish selected", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.report(request, self.publish(queryset), "published")

    @admin.action(description="Withdraw selected from the public site", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.report(request, withdraw(queryset), "withdrawn")

    def publish(self, queryset):
        raise NotImplementedError

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


# Users and groups: Django's own admins, with the same checks of ids from the request.
check_ids_in(admin.site, [get_user_model(), Group])
