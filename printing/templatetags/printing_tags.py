"""The printing app's tags other pages use (pack buttons, print links) and a filter for handouts."""

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.http import urlencode

from learning import markup
from printing.formats import format_urls
from printing.handouts import HANDOUT_CAP, short_address
from printing.pack import Pack

register = template.Library()

# Pages whose item cards sit inside a GET form (the search and filter list wraps its results
# in the filter form). A form cannot hold another, so there the pack buttons submit the outer
# form to the pack with formaction/formmethod and carry the CSRF token as their own value.
CARDS_INSIDE_A_FORM = {"learning:item_list"}

# Emphasis markers (`plain`, `strip_markers`) are learning_tags' filters: load learning_tags for them.
register.filter("short_address", short_address)


def _pack(request):
    return Pack(request.session) if request is not None and hasattr(request, "session") else None


def _inside_form(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name in CARDS_INSIDE_A_FORM)


@register.simple_tag(takes_context=True)
def pack_in_header(context):
    """What the header's "Training pack (3)" link shows: {"size": items, "key": the saved copy's
    owner key, for pack.js to keep in this browser}. Only for a visitor who already holds a
    session: such a page is private to them (reviews_site/middleware.py), and a page without a
    session, the same for everyone and publicly cacheable, reads no session and shows no count."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return {"size": 0, "key": ""}
    pack = Pack(request.session)
    return {"size": len(pack), "key": pack.owner_key}


@register.inclusion_tag("printing/includes/pack_button.html", takes_context=True)
def pack_button(context, item):
    """ "Add to pack" (or "In your pack: remove") for one item. Never for drafts shown to staff."""
    request = context.get("request")
    pack = _pack(request)
    if pack is None or context.get("preview") or not item.is_public:
        return {"show": False}
    page = _page_values(request)
    in_pack = item.pk in pack
    action = page["remove"] if in_pack else page["add"]
    anchor = f"pack-item-{item.pk}"
    next_url = f"{page['path']}#{anchor}"
    label = markup.strip_markers(item.title) if item.title else markup.plain(item.display_text)
    return {
        "show": True,
        "item": item,
        "in_pack": in_pack,
        "size": len(pack),
        "action": action,
        "next": next_url,
        "anchor": anchor,
        "label": label[:80] + ("…" if len(label) > 80 else ""),
        "inside_form": page["inside_form"],
        "formaction": f"{action}?{urlencode({'item': item.pk, 'next': next_url})}",
        "csrf_token_value": page["csrf_token"],
        "pack_url": page["pack"],
    }


def _page_values(request):
    """What every pack button on a page shares (addresses, the CSRF token), worked out once per
    request: a theme page has 80 cards."""
    values = getattr(request, "_pack_button_values", None)
    if values is None:
        values = {
            "add": reverse("printing:pack_add"),
            "remove": reverse("printing:pack_remove"),
            "pack": reverse("printing:pack"),
            "path": request.get_full_path(),
            "inside_form": _inside_form(request),
            "csrf_token": get_token(request),
        }
        request._pack_button_values = values
    return values


@register.inclusion_tag("printing/includes/print_links.html", takes_context=True)
def print_links(context, theme=None, result=None, count=0, age_group="", audience=""):
    """Print and download links, with a button to add what they print to the training pack.

    The page says what it shows: a theme page passes `theme`, its item `count` and the
    `age_group` and `audience` it is narrowed to; the filtered list passes its `result`.
    """
    request = context.get("request")
    if request is None or (theme is None and result is None):
        return {"show": False}
    pack = _pack(request)
    links = _list_links(request, result) if result is not None else _theme_links(theme, count, age_group, audience)
    return {
        **links,
        "pack_size": len(pack) if pack is not None else 0,
        "pack_url": reverse("printing:pack"),
        "cap": HANDOUT_CAP,
        "next": request.get_full_path(),
    }


def _theme_links(theme, count, age_group, audience):
    """The theme's two handouts; narrowed by age group or agency, the summary is of those items only."""
    narrowed = {key: value for key, value in (("age_group", age_group), ("audience", audience)) if value}
    if narrowed:
        links = format_urls("selection_handout", query=urlencode({"theme": theme.slug, **narrowed}))
    else:
        links = format_urls("theme_handout", theme.slug)
    return {
        "show": bool(count),
        "where": "theme",
        "count": count,
        "narrowed": bool(narrowed),
        "links": links,
        "briefing": format_urls("briefing", theme.slug),
        "add_fields": [("theme", theme.slug), *narrowed.items()],
    }


def _list_links(request, result):
    """The summary of what the list shows (any page of it), and a button inside the list's filter form."""
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    next_url = request.get_full_path()
    return {
        "show": bool(result.total),
        "where": "list",
        "count": result.total,
        "links": format_urls("selection_handout", query=query),
        "formaction": f"{reverse('printing:pack_add')}?{urlencode({'selection': query, 'next': next_url})}",
        "csrf_token_value": get_token(request),
    }
