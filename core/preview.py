"""Staff preview: board staff see drafts and withdrawn content in the public page design,
clearly marked; everyone else gets a 404 for anything not published."""

from django.http import Http404
from django.utils.cache import add_never_cache_headers


def can_preview(request, model):
    user = request.user
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def get_published_or_preview(request, published_queryset, all_queryset, **lookup):
    """(object, is_preview). Raises Http404 unless published or the user may preview it."""
    obj = published_queryset.filter(**lookup).first()
    if obj is not None:
        return obj, False
    if can_preview(request, all_queryset.model):
        obj = all_queryset.filter(**lookup).first()
        if obj is not None:
            return obj, True
    raise Http404


class PreviewResponseMixin:
    """Marks preview responses: never cached, never indexed."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("preview"):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response
