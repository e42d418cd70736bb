from django.contrib import admin

from search.models import UnansweredSearch


@admin.register(UnansweredSearch)
class UnansweredSearchAdmin(admin.ModelAdmin):
    """Read only: what practitioners searched for and found nothing, most frequent first."""

    list_display = ["text", "count", "first_seen", "last_seen"]
    search_fields = ["text"]
    date_hierarchy = "last_seen"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
