"""Filters and tags for every page: stored text (the one registration of its filters) and page furniture."""

from django import template
from django.http import QueryDict

from learning import markup
from learning.text import render_text

register = template.Library()

# Stored text's emphasis markers belong to learning/markup.py; these are its only filters.
# Taking markers out cannot make HTML, so a safe string stays safe (as with `cut`).
register.filter("plain", markup.plain, is_safe=True)
register.filter("strip_markers", markup.strip_markers, is_safe=True)


@register.filter(name="source_text")
def source_text(text):
    """Stored source text as safe HTML (escaped; emphasis, lists and glossary abbreviations)."""
    return render_text(text)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes them)."""
    params = context["request"].GET.copy() if "request" in context else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail):
    """The page's breadcrumbs after "Home", from (address, label) arguments in pairs:
    {% breadcrumbs themes_url "Themes" %}. Views that pass a `breadcrumbs` list include the template itself."""
    return {"breadcrumbs": list(zip(trail[::2], trail[1::2], strict=True))}


@register.simple_tag(takes_context=True)
def query_adding(context, name, value):
    """The current query string with `value` added to the filter `name`, from the first page."""
    params = context["request"].GET.copy() if "request" in context else QueryDict(mutable=True)
    params.pop("page", None)
    if value not in params.getlist(name):
        params.appendlist(name, value)
    return f"?{params.urlencode()}"
