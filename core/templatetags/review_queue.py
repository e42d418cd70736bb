"""The review queue's counts on the admin home page (templates/admin/index.html)."""

from django import template
from django.contrib import admin
from django.urls import reverse

from core.models import ReviewRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_summary(context):
    """{url, waiting, sent_back} for whoever may see the queue; None for anyone else."""
    request = context.get("request")
    queue_admin = admin.site._registry.get(ReviewRequest)
    if request is None or queue_admin is None or not queue_admin.has_view_permission(request):
        return None
    return {
        "url": reverse("admin:core_reviewrequest_changelist"),
        "waiting": ReviewRequest.objects.waiting().count(),
        "sent_back": ReviewRequest.objects.sent_back().count(),
    }
