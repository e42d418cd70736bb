"""Subscribers' addresses are personal data: the admin shows them only to users holding the
alerts app's view permission (superusers, or an account given it). The Editor and Publisher
roles (reviews/roles.py) are not given it. Nobody adds or edits a subscriber here: people sign
up and confirm themselves; staff with the delete permission may delete one on request."""

from django.contrib import admin

from alerts.models import Digest, Subscriber


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DigestInline(admin.TabularInline):
    model = Digest
    fields = ["period", "status", "covered_from", "covered_until", "item_ids", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "frequency", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        "frequency",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    fields = ["email", "frequency", "themes", "search", "created", "confirmed_at", "unsubscribed_at"]
    readonly_fields = fields
    inlines = [DigestInline]
    list_per_page = 100


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["period", "subscriber", "status", "claimed_at", "sent_at"]
    list_filter = ["status", "period"]
    list_select_related = ["subscriber"]
    fields = [
        "subscriber",
        "period",
        "status",
        "run",
        "covered_from",
        "covered_until",
        "item_ids",
        "claimed_at",
        "sent_at",
    ]
    readonly_fields = fields
