from django import template
from django.http import QueryDict

from learning.text import render_text

register = template.Library()


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
