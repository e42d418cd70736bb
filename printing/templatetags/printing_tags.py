"""Tags for the two hooks other pages include (pack buttons and print links) and for handouts."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.http import urlencode

from learning import markup
from printing.handouts import HANDOUT_CAP, short_address
from printing.pack import Pack

register = template.Library()

# Pages whose item cards sit inside a GET form (the search and filter list wraps its results
# in the filter form). A form cannot hold another, so there the pack buttons submit the outer
# form to the pack with formaction/formmethod and carry the CSRF token as their own value.
CARDS_INSIDE_A_FORM = {"learning:item_list"}

register.filter("plain", markup.plain)
register.filter("short_address", short_address)


def _pack(request):
    return Pack(request.session) if request is not None and hasattr(request, "session") else None


def _inside_form(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name in CARDS_INSIDE_A_FORM)


def _item_is_public(item):
    return item.status == "published" and item.publication.status == "published"


@register.inclusion_tag("printing/includes/pack_button.html", takes_context=True)
def pack_button(context, item):
    """ "Add to pack" (or "In your pack: remove") for one item. Never for drafts shown to staff."""
    request = context.get("request")
    pack = _pack(request)
    if pack is None or context.get("preview") or not _item_is_public(item):
        return {"show": False}
    in_pack = item.pk in pack
    action = reverse("printing:pack_remove" if in_pack else "printing:pack_add")
    anchor = f"pack-item-{item.pk}"
    next_url = f"{request.get_full_path()}#{anchor}"
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
        "inside_form": _inside_form(request),
        "formaction": f"{action}?{urlencode({'item': item.pk, 'next': next_url})}",
        "csrf_token_value": get_token(request),
        "pack_url": reverse("printing:pack"),
    }


@register.inclusion_tag("printing/includes/print_links.html", takes_context=True)
def print_links(context):
    """Print and download links for a theme page (context: theme) or the filtered list (context: result)."""
    request = context.get("request")
    pack = _pack(request)
    theme, result = context.get("theme"), context.get("result")
    data = {"pack_size": len(pack) if pack is not None else 0, "pack_url": reverse("printing:pack"), "cap": HANDOUT_CAP}
    if request is None:
        return {"show": False}
    if theme is not None and result is None:
        count = context.get("item_count", 0)
        chosen = (("age_group", context.get("selected_age_group")), ("audience", context.get("selected_audience")))
        narrowed = {key: value for key, value in chosen if value}
        if narrowed:
            query = urlencode({"theme": theme.slug, **narrowed})
            handout = reverse("printing:selection_handout")
            links = {
                "html": f"{handout}?{query}",
                "pdf": f"{reverse('printing:selection_handout_pdf')}?{query}",
                "docx": f"{reverse('printing:selection_handout_docx')}?{query}",
            }
        else:
            links = {
                "html": reverse("printing:theme_handout", args=[theme.slug]),
                "pdf": reverse("printing:theme_handout_pdf", args=[theme.slug]),
                "docx": reverse("printing:theme_handout_docx", args=[theme.slug]),
            }
        briefing = {
            "html": reverse("printing:briefing", args=[theme.slug]),
            "pdf": reverse("printing:briefing_pdf", args=[theme.slug]),
            "docx": reverse("printing:briefing_docx", args=[theme.slug]),
        }
        data.update(
            show=bool(count),
            where="theme",
            theme=theme,
            count=count,
            narrowed=bool(narrowed),
            links=links,
            briefing=briefing,
            add_fields=[("theme", theme.slug), *narrowed.items()],
        )
    elif result is not None:
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
        links = {
            "html": f"{reverse('printing:selection_handout')}?{query}",
            "pdf": f"{reverse('printing:selection_handout_pdf')}?{query}",
            "docx": f"{reverse('printing:selection_handout_docx')}?{query}",
        }
        next_url = request.get_full_path()
        data.update(
            show=bool(result.total),
            where="list",
            count=result.total,
            links=links,
            formaction=f"{reverse('printing:pack_add')}?{urlencode({'selection': query, 'next': next_url})}",
            csrf_token_value=get_token(request),
        )
    else:
        data["show"] = False
    data["next"] = request.get_full_path()
    return data
