"""Filters and tags for every page: stored text (the one registration of its filters) and page furniture."""

import hashlib
import html
import re

from django import template
from django.http import QueryDict
from django.template import Context
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.versioning import kept_per_item
from learning import markup
from learning.headings import card_parts
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


def _words(text, count):
    """The first `count` words of text or HTML, lowercased, without punctuation or "…"."""
    words = re.findall(r"\w+", html.unescape(strip_tags(str(text))).lower())
    return words[:count]


def _repeats(snippet, link):
    """Whether a search passage starts with the words the card's link already shows."""
    lead = _words(link, 6)
    return bool(lead) and _words(snippet, len(lead)) == lead


CARD = "includes/item_card.html"
PUBLICATION_ITEM = "reviews/includes/publication_item.html"
PACK_BUTTON = "includes/pack_button.html"
_PACK_SLOT = "<!--pack-button-->"  # where each card's "Add to pack" goes: it is this visitor's own


@register.simple_tag(takes_context=True)
def item_cards(context, items, snippets=None):
    """The cards of `items` (includes/item_card.html), each drawn from the item alone and kept
    until that item changes (core.versioning.kept_per_item), with this visitor's "Add to pack"
    control drawn into each. `snippets`: a search's passage for each item id."""
    items = list(items)
    button = context.template.engine.get_template(PACK_BUTTON)

    def snippet(item):
        return (snippets or {}).get(item.pk) or ""

    def passage(item):
        text = snippet(item)
        return hashlib.blake2b(str(text).encode(), digest_size=8).hexdigest() if text else ""

    def values(item):
        return {"snippet": snippet(item), "pack_slot": _PACK_SLOT}

    parts = []
    for item, drawn in zip(items, _kept(context, CARD, items, values, passage), strict=True):
        with context.push(item=item):
            parts.append(drawn.replace(_PACK_SLOT, button.render(context), 1))
    return mark_safe("".join(parts))  # noqa: S308 - each part rendered by a template, escaped there


@register.simple_tag(takes_context=True)
def publication_items(context, items):
    """`items` as their publication gives them (reviews/includes/publication_item.html), each kept
    until it changes; staff previewing a draft see each item's status."""
    preview = bool(context.get("preview"))
    drawn = _kept(context, PUBLICATION_ITEM, list(items), lambda item: {"preview": preview}, lambda item: preview)
    return mark_safe("".join(drawn))  # noqa: S308 - each part rendered by a template, escaped there


def _kept(context, template_name, items, values, variant):
    """Each of `items` drawn with `template_name` from the item and `values(item)` alone (never the
    page's context, so what is kept is the same for every visitor), kept per item and `variant`."""
    template = context.template.engine.get_template(template_name)

    def draw(item):
        return template.render(Context({"item": item, **values(item)}, autoescape=context.autoescape))

    return kept_per_item(template_name, items, draw, variant=variant)


@register.simple_tag
def card_text(item, snippet=""):
    """What a result card shows, each of its words once (learning/headings.py): `link`, the
    heading that links to the item; `text`, stored wording to render below it, or `snippet`, the
    search's passage (safe HTML) in its place. An item with a title links its title; one without
    links its first sentence and shows the rest below. A search's passage replaces the text
    below unless it starts with the words the link already shows."""
    parts = None if item.title else card_parts(item.display_text)
    if parts is None:
        link, text = item.heading, item.display_text
    else:
        link, text = parts
    if not snippet:
        return {"link": link, "text": text, "snippet": ""}
    if not _repeats(snippet, link) and (text or parts is None):
        return {"link": link, "text": "", "snippet": snippet}
    return {"link": _marked(link, snippet), "text": text, "snippet": ""}


_MARK = re.compile(r'<mark class="app-highlight">(.*?)</mark>', re.S)


def _marked(link, snippet):
    """The link's text (escaped) with the words the search passage marks marked in it too, for a
    card whose link already shows the passage's words."""
    words = sorted({word for word in _MARK.findall(str(snippet)) if word.strip()}, key=len, reverse=True)
    escaped = escape(link)
    if not words:
        return escaped
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.I)
    return mark_safe(pattern.sub(r'<mark class="app-highlight">\1</mark>', escaped))  # noqa: S308 - escaped
