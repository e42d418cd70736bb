"""Handouts in three formats (HTML for print, PDF, Word) and the training pack's pages.

Each handout view only finds what to print (printing/handouts.py, printing/briefing.py,
printing/pack.py) and hands it to `respond`, which renders the format asked for.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from learning.models import AgeGroup, Audience, LearningItem, Theme
from learning.selectors import find_items
from printing import briefing as briefings
from printing import docx, handouts, pdf
from printing.pack import CAP, Pack, clean_ids, encode, resolve_session, resolve_token

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Parameters of a handout's own page that are not filters of the list.
OWN_PARAMS = ("full", "page")


def wants_full(request):
    return request.GET.get("full", "").lower() in {"1", "on", "true", "yes"}


def format_urls(name, *args, query=""):
    suffix = f"?{query}" if query else ""
    return {
        "html": reverse(f"printing:{name}", args=args) + suffix,
        "pdf": reverse(f"printing:{name}_pdf", args=args) + suffix,
        "docx": reverse(f"printing:{name}_docx", args=args) + suffix,
    }


def respond(request, handout, fmt, template, **context):
    """The handout as an HTML page (print stylesheet), a PDF or a Word document."""
    if handout.is_empty:
        return nothing_to_print(request, context.get("empty", {}), context.get("breadcrumbs", []))
    context.update(handout=handout, site_root=request.build_absolute_uri("/").rstrip("/"))
    if fmt == "html":
        response = render(request, template, {**context, "layout": "base.html", "pdf": False})
    else:
        if fmt == "pdf":
            html = render_to_string(template, {**context, "layout": "printing/pdf_layout.html", "pdf": True}, request)
            body = pdf.render(html, base_url=request.build_absolute_uri("/"))
        else:
            body = docx.render(handout, context["caption"], site_root=context["site_root"])
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        filename = f"{handout.filename}-{handout.produced_on:%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    if handout.kind == "pack":
        patch_cache_control(response, private=True)
    return response


def nothing_to_print(request, empty, breadcrumbs):
    """A helpful page instead of an empty PDF or Word file."""
    context = {
        "heading": empty.get("heading", "There is nothing to print yet"),
        "explanation": empty.get("explanation", "There is no published learning here yet."),
        "notices": empty.get("notices", []),
        "suggestions": empty.get("suggestions")
        or [
            (reverse("learning:theme_list"), "browse learning by theme"),
            (reverse("learning:item_list"), "search and filter all learning"),
        ],
        "breadcrumbs": breadcrumbs,
    }
    return render(request, "printing/empty.html", context)


# Themed summaries and 7-minute briefings ---------------------------------------------------


@require_GET
def theme_handout(request, slug, fmt):
    theme = get_object_or_404(Theme, slug=slug)
    full = wants_full(request)
    handout = handouts.for_theme(theme, include_full=full)
    urls = format_urls("theme_handout", slug)
    handout.address = request.build_absolute_uri(urls["html"] + ("?full=1" if full else ""))
    breadcrumbs = [(reverse("learning:theme_list"), "Themes"), (theme.get_absolute_url(), theme.name)]
    return respond(
        request,
        handout,
        fmt,
        "printing/handout.html",
        caption="Themed summary",
        urls=urls,
        offers_full=True,
        breadcrumbs=breadcrumbs,
        back=(reverse("printing:briefing", args=[slug]), f"7-minute briefing on {theme.name.lower()}"),
        empty=empty_theme(theme),
    )


@require_GET
def briefing(request, slug, fmt):
    theme = get_object_or_404(Theme, slug=slug)
    handout = briefings.for_theme(theme)
    urls = format_urls("briefing", slug)
    handout.address = request.build_absolute_uri(urls["html"])
    handout.summary_address = request.build_absolute_uri(reverse("printing:theme_handout", args=[slug]))
    breadcrumbs = [(reverse("learning:theme_list"), "Themes"), (theme.get_absolute_url(), theme.name)]
    return respond(
        request,
        handout,
        fmt,
        "printing/briefing.html",
        caption="7-minute briefing",
        urls=urls,
        offers_full=False,
        breadcrumbs=breadcrumbs,
        back=(reverse("printing:theme_handout", args=[slug]), f"Themed summary of {theme.name.lower()}"),
        empty=empty_theme(theme),
    )


def empty_theme(theme):
    return {
        "heading": f"There is nothing to print on {theme.name.lower()} yet",
        "explanation": f"No learning on {theme.name.lower()} has been published yet, so there is no handout or "
        "briefing to print or download.",
        "suggestions": [
            (reverse("learning:theme_list"), "choose another theme"),
            (reverse("learning:item_list"), "search and filter all learning"),
            (reverse("printing:pack"), "build a training pack from learning you pick"),
        ],
    }


@require_GET
def selection_handout(request, fmt):
    """Whatever the filtered list shows (/learning/?theme=…&age_group=…&q=…), as a handout."""
    params = request.GET.copy()
    for name in OWN_PARAMS:
        params.pop(name, None)
    full = wants_full(request)
    handout = handouts.for_selection(params, include_full=full)
    query = params.urlencode()
    address_query = "&".join(part for part in (query, "full=1" if full else "") if part)
    handout.address = request.build_absolute_uri(format_urls("selection_handout", query=address_query)["html"])
    list_url = reverse("learning:item_list") + (f"?{query}" if query else "")
    return respond(
        request,
        handout,
        fmt,
        "printing/handout.html",
        caption="Summary of selected learning",
        urls=format_urls("selection_handout"),
        hidden_params=[(name, value) for name, values in params.lists() for value in values],
        offers_full=True,
        breadcrumbs=[(list_url, "Search and filter learning")],
        back=(list_url, "Back to these results"),
        empty={
            "heading": "No learning matches these choices",
            "explanation": "Nothing published matches the filters or search words in this link, so there is "
            "nothing to print or download.",
            "notices": handout.notices,
            "suggestions": [
                (list_url, "change the filters or search words"),
                (reverse("learning:theme_list"), "browse learning by theme"),
            ],
        },
    )


# The training pack -----------------------------------------------------------------------


def safe_next(request, default):
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def items_to_add(request):
    """(published ids to add, in order; how many more there were than a pack can take).

    The forms on item, theme and pack pages post their fields. The buttons inside the list's
    filter form put theirs in the action's query string, and the body then carries the filter
    form's own fields (theme, kind, ...), which must not be read as "add this theme".
    """
    published = LearningItem.objects.published()
    wanted = request.GET.getlist("item") or request.POST.getlist("item")
    if wanted:
        wanted = clean_ids(wanted)[: CAP + 1]
        found = set(published.filter(pk__in=wanted).values_list("pk", flat=True))
        return [item_id for item_id in wanted if item_id in found], 0
    if "selection" in request.GET:
        result = find_items(QueryDict(request.GET["selection"]), 1, CAP)
        ids = [item.pk for item in result.page.object_list]
        return ids, result.total - len(ids)
    theme = Theme.objects.filter(slug=request.POST.get("theme", "")).first()
    if theme is None:
        return [], 0
    items = published.for_theme(theme)
    age_group = AgeGroup.objects.filter(slug=request.POST.get("age_group", "")).first()
    audience = Audience.objects.filter(slug=request.POST.get("audience", "")).first()
    if age_group:
        items = items.for_age_group(age_group)
    if audience:
        items = items.for_audience(audience)
    items = items.in_source_order()
    ids = list(items.values_list("pk", flat=True)[:CAP])
    return ids, (items.count() - len(ids)) if len(ids) == CAP else 0


@require_POST
def pack_add(request):
    """Add one item, a theme's items or a page of results; then back where the trainer was."""
    pack = Pack(request.session)
    ids, beyond = items_to_add(request)
    if not ids:
        messages.error(request, "That learning could not be found or is no longer published, so nothing was added.")
    else:
        outcome = pack.add(ids)
        outcome.refused += beyond
        level = messages.SUCCESS if outcome.added and not outcome.refused else messages.WARNING
        messages.add_message(request, level, outcome.message(len(pack)))
    return HttpResponseRedirect(safe_next(request, reverse("printing:pack")))


def _item_label(item_id):
    item = handouts.printable_items().filter(pk=item_id).first()
    if item is None:
        return "the item"
    entry = handouts.Entry(item)
    label = entry.title or entry.wording.replace("*", "")
    return f"“{label[:60].rstrip()}{'…' if len(label) > 60 else ''}”"


@require_POST
def pack_remove(request):
    pack = Pack(request.session)
    ids = clean_ids(request.GET.getlist("item") or request.POST.getlist("item"))
    if ids and pack.remove(ids[0]):
        messages.success(request, f"Removed {_item_label(ids[0])} from your training pack. It now holds {len(pack)}.")
    return HttpResponseRedirect(safe_next(request, reverse("printing:pack")))


MOVES = {"up": -1, "down": 1}


@require_POST
def pack_move(request):
    pack = Pack(request.session)
    ids = clean_ids(request.POST.getlist("item"))
    offset = MOVES.get(request.POST.get("direction", ""))
    url = reverse("printing:pack")
    if ids and offset and pack.move(ids[0], offset):
        position = pack.ids.index(ids[0]) + 1
        messages.success(request, f"Moved {_item_label(ids[0])} to position {position} of {len(pack)}.")
        return redirect(f"{url}#pack-row-{ids[0]}")
    return redirect(url)


@require_POST
def pack_clear(request):
    Pack(request.session).clear()
    messages.success(request, "Your training pack is now empty.")
    return redirect("printing:pack")


@require_GET
def pack_page(request):
    pack = Pack(request.session)
    resolved = resolve_session(pack)
    context = {
        "entries": [handouts.Entry(item) for item in resolved.items],
        "notices": resolved.notices,
        "cap": CAP,
        "share_url": request.build_absolute_uri(reverse("printing:shared_pack", args=[pack.token])) if pack.ids else "",
        "breadcrumbs": [],
    }
    response = render(request, "printing/pack.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


TITLE_LENGTH = 100


def pack_title(request):
    """The trainer's own title for a pack's handout: optional, one line of plain text."""
    return " ".join(request.GET.get("title", "").split())[:TITLE_LENGTH]


def share_address(request, token, title=""):
    query = f"?{urlencode({'title': title})}" if title else ""
    return request.build_absolute_uri(reverse("printing:shared_pack", args=[token]) + query)


EMPTY_PACK = {
    "heading": "Your training pack is empty",
    "explanation": "Add learning to your pack with the “Add to pack” buttons on learning points, theme pages and "
    "search results, then print or download it here.",
}


@require_GET
def pack_handout(request, fmt):
    pack = Pack(request.session)
    resolved = resolve_session(pack)
    title = pack_title(request)
    address = share_address(request, pack.token, title) if pack.ids else ""
    handout = handouts.for_pack(resolved.items, wants_full(request), resolved.notices, address, title)
    return respond(
        request,
        handout,
        fmt,
        "printing/handout.html",
        caption="Training pack",
        urls=format_urls("pack_handout"),
        hidden_params=[("title", title)] if title else [],
        offers_full=True,
        breadcrumbs=[(reverse("printing:pack"), "Your training pack")],
        back=(reverse("printing:pack"), "Change the order or the items in your pack"),
        empty={**EMPTY_PACK, "notices": resolved.notices},
    )


@require_GET
def shared_pack(request, token, fmt):
    """A pack rebuilt from its link: anything no longer published is left out, with a notice."""
    resolved = resolve_token(token)
    title = pack_title(request)
    # The current version's address lists only what could be shown.
    address = share_address(request, encode(resolved.ids) or token, title)
    handout = handouts.for_pack(resolved.items, wants_full(request), resolved.notices, address, title)
    return respond(
        request,
        handout,
        fmt,
        "printing/handout.html",
        caption="Training pack",
        urls=format_urls("shared_pack", token),
        hidden_params=[("title", title)] if title else [],
        offers_full=True,
        shared=True,
        use_url=reverse("printing:use_shared_pack", args=[token]),
        own_pack_size=len(Pack(request.session)),
        breadcrumbs=[],
        empty={
            "heading": "This pack link has nothing we can show",
            "explanation": "None of the learning in this link is published now, or the link is not complete.",
            "notices": resolved.notices,
        },
    )


@require_POST
def use_shared_pack(request, token):
    """Make a shared pack the trainer's own (replace), or add it to theirs."""
    resolved = resolve_token(token)
    pack = Pack(request.session)
    if request.POST.get("mode") == "add":
        outcome = pack.add(resolved.ids)
        messages.add_message(
            request, messages.SUCCESS if not outcome.refused else messages.WARNING, outcome.message(len(pack))
        )
    else:
        pack.replace(resolved.ids)
        messages.success(request, f"Your training pack now holds the {len(pack)} items from the shared link.")
    for notice in resolved.notices:
        messages.warning(request, notice)
    return redirect("printing:pack")
