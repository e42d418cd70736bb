"""The training pack: adding, removing and ordering its items, emptying it (confirmed, and
undoable), its page, its saved copy (restored by pack.js in a new session, opened read-only from
its share link), and its handouts (the trainer's own pack, a saved pack, a pack rebuilt from a
link of ids)."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from learning import markup
from learning.models import AgeGroup, Audience, LearningItem, Theme
from learning.selectors import find_items
from printing import handouts
from printing.formats import format_urls
from printing.models import TOKEN_PATTERN, SavedPack
from printing.pack import (
    CAP,
    UNDO_SECONDS,
    Pack,
    clean_ids,
    encode,
    order_from_positions,
    resolve,
    resolve_session,
    resolve_token,
)
from printing.views.handouts import HandoutView, wants_full


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
    age_group = AgeGroup.objects.filter(slug=request.POST.get("age_group", "")).first()
    audience = Audience.objects.filter(slug=request.POST.get("audience", "")).first()
    items = published.narrowed(theme, age_group, audience).in_source_order()
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
    label = entry.title or markup.strip_markers(entry.wording)
    return f"“{label[:60].rstrip()}{'…' if len(label) > 60 else ''}”"


@require_POST
def pack_remove(request):
    pack = Pack(request.session)
    # The pack page's Remove buttons are in its order form and send `remove`; item pages send `item`.
    ids = clean_ids(request.POST.getlist("remove") or request.GET.getlist("item") or request.POST.getlist("item"))
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


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def private_json(data, status=200):
    response = JsonResponse(data, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def pack_reorder(request):
    """Put the pack in a new order, all at once.

    Without JavaScript the pack page's form sends each item's id (`order`, in the order shown) and
    the position typed beside it (`position`). With JavaScript, pack.js sends the ids alone in
    their new order after a drag or a move, and asks for JSON."""
    pack = Pack(request.session)
    shown = clean_ids(request.POST.getlist("order"))
    positions = request.POST.getlist("position")
    unreadable = []
    if positions:
        order, unreadable = order_from_positions(shown, positions)
    else:
        order = shown
    changed = pack.reorder(order)
    if wants_json(request):
        return private_json({"ids": pack.ids, "changed": changed})
    if unreadable:
        several = len(unreadable) != 1
        messages.warning(
            request,
            f"{len(unreadable)} position{'s were' if several else ' was'} not a whole number, so "
            f"{'those items kept their' if several else 'that item kept its'} place. "
            f"Type a number from 1 to {len(pack)}.",
        )
    if changed:
        messages.success(request, "Your pack is in the new order.")
    elif not unreadable:
        messages.info(request, "The order did not change: type a new position beside an item, then update the order.")
    return redirect(reverse("printing:pack") + "#pack-items-heading")


def pack_clear(request):
    """GET: ask to confirm. POST: empty the pack, keeping what it held for a while so it can be undone."""
    pack = Pack(request.session)
    if request.method == "POST":
        pack.empty()
        return redirect("printing:pack")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not pack.ids:
        return redirect("printing:pack")
    response = render(
        request,
        "printing/pack_clear.html",
        {
            "size": len(pack),
            "undo_minutes": UNDO_SECONDS // 60,
            "breadcrumbs": [(reverse("printing:pack"), "Your training pack")],
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def pack_undo(request):
    pack = Pack(request.session)
    ids = pack.undo_empty()
    if ids:
        size = len(pack)
        messages.success(request, f"Your training pack is back: it holds {size} item{'s' if size != 1 else ''}.")
    else:
        messages.warning(request, "There is nothing to undo: your pack was emptied too long ago, or has changed since.")
    return redirect("printing:pack")


@require_GET
def pack_state(request):
    """For pack.js: how many items the session's pack holds, whether it has a saved copy, and a
    CSRF token to ask for it back with (the page itself may hold none, to stay cacheable)."""
    pack = Pack(request.session) if request.COOKIES.get(settings.SESSION_COOKIE_NAME) else None
    return private_json(
        {"size": len(pack) if pack else 0, "saved": bool(pack and pack.owner_key), "csrf": get_token(request)}
    )


@require_POST
def pack_restore(request):
    """For pack.js, in a new browser session: take back the saved pack whose owner key this
    browser kept. A key no saved pack has (deleted after long disuse) gets 404, and pack.js forgets it."""
    pack = Pack(request.session)
    before = len(pack)
    saved = pack.restore(request.POST.get("key", "")[:64])
    if saved is None:
        return private_json({"error": "There is no saved pack for this key."}, status=404)
    SavedPack.objects.filter(pk=saved.pk).update(last_used=timezone.now())
    resolve_session(pack)  # drop anything no longer published
    if request.POST.get("announce") and len(pack) > before:
        messages.success(
            request,
            f"We brought back the training pack you saved on this device: it holds {len(pack)} "
            f"item{'s' if len(pack) != 1 else ''}.",
        )
    return private_json({"size": len(pack), "key": pack.owner_key, "restored": len(pack) - before})


@require_GET
def pack_page(request):
    pack = Pack(request.session)
    resolved = resolve_session(pack)
    share_token = pack.share_token
    context = {
        "entries": [handouts.Entry(item) for item in resolved.items],
        "notices": resolved.notices,
        "cap": CAP,
        "share_url": request.build_absolute_uri(reverse("printing:saved_pack", args=[share_token]))
        if share_token and pack.ids
        else "",
        "keep_days": settings.SAVED_PACK_KEEP_DAYS,
        "undo_size": len(pack.undoable),
        "undo_minutes": UNDO_SECONDS // 60,
        "title_length": TITLE_LENGTH,
        "breadcrumbs": [],
    }
    response = render(request, "printing/pack.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


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


# The pack's handouts ---------------------------------------------------------------------

TITLE_LENGTH = 100


def pack_title(request):
    """The trainer's own title for a pack's handout: optional, one line of plain text."""
    return " ".join(request.GET.get("title", "").split())[:TITLE_LENGTH]


def share_address(request, token, title=""):
    query = f"?{urlencode({'title': title})}" if title else ""
    return request.build_absolute_uri(reverse("printing:shared_pack", args=[token]) + query)


class PackHandoutView(HandoutView):
    """A pack's items in the pack's order, under the trainer's title, with the link that rebuilds it."""

    caption = "Training pack"
    private = True
    empty_heading = ""  # what the page says when none of the pack's items can be printed
    empty_explanation = ""

    def get_handout(self, request, **kwargs):
        self.resolved = self.resolve(request, **kwargs)
        self.title = pack_title(request)
        address = self.address(request, **kwargs)
        return handouts.for_pack(self.resolved.items, wants_full(request), self.resolved.notices, address, self.title)

    def resolve(self, request, **kwargs):
        """The pack's items that may be printed, and notices about any left out."""
        raise NotImplementedError

    def address(self, request, **kwargs):
        """The share link printed on the handout, which rebuilds this pack."""
        raise NotImplementedError

    def get_context(self, request, handout):
        return {
            "hidden_params": [("title", self.title)] if self.title else [],
            "empty": {
                "heading": self.empty_heading,
                "explanation": self.empty_explanation,
                "notices": self.resolved.notices,
            },
        }


class PackHandout(PackHandoutView):
    """The trainer's own pack, from the session."""

    empty_heading = "Your training pack is empty"
    empty_explanation = (
        "Add learning to your pack with the “Add to pack” buttons on learning points, theme pages and search "
        "results, then print or download it here."
    )

    def depends_on(self, request):
        # The file is the pack's: its items, in order, are part of the key (two sessions share a
        # file only when their packs are the same, so it holds nothing the other did not choose).
        return ("pack", *Pack(request.session).ids)

    def resolve(self, request):
        self.pack = Pack(request.session)
        return resolve_session(self.pack)

    def address(self, request):
        return share_address(request, self.pack.token, self.title) if self.pack.ids else ""

    def get_context(self, request, handout):
        pack_url = reverse("printing:pack")
        return {
            **super().get_context(request, handout),
            "urls": format_urls("pack_handout"),
            "breadcrumbs": [(pack_url, "Your training pack")],
            "back": (pack_url, "Change the order or the items in your pack"),
        }


class SharedPack(PackHandoutView):
    """A pack rebuilt from its link: anything no longer published is left out, with a notice."""

    empty_heading = "This pack link has nothing we can show"
    empty_explanation = "None of the learning in this link is published now, or the link is not complete."

    def resolve(self, request, token):
        return resolve_token(token)

    def address(self, request, token):
        # The current version's address lists only what could be shown.
        return share_address(request, encode(self.resolved.ids) or token, self.title)

    def get_context(self, request, handout):
        token = self.kwargs["token"]
        return {
            **super().get_context(request, handout),
            "urls": format_urls("shared_pack", token),
            "shared": True,
            "use_url": reverse("printing:use_shared_pack", args=[token]),
            "own_pack_size": len(Pack(request.session)),
            "breadcrumbs": [],
        }


# A saved pack's share link -------------------------------------------------------------------


def saved_pack_or_404(token):
    """The saved pack a share link names; anything that is not one of our tokens is a 404."""
    if not isinstance(token, str) or not re.fullmatch(TOKEN_PATTERN, token):
        raise Http404("No such pack")
    saved = SavedPack.objects.filter(share_token=token).first()
    if saved is None:
        raise Http404("No such pack")
    return saved


def touch(saved):
    """Opening a link counts as using the pack (it is kept SAVED_PACK_KEEP_DAYS after the last use);
    written at most once an hour."""
    now = timezone.now()
    if now - saved.last_used > timedelta(hours=1):
        SavedPack.objects.filter(pk=saved.pk).update(last_used=now)


class SavedPackHandout(PackHandoutView):
    """A saved pack opened from its share link: read-only. The visitor can print or download it,
    or copy it into their own pack (use_saved_pack); nothing they do changes the saved pack."""

    empty_heading = "This pack has nothing we can show"
    empty_explanation = "The pack at this link is empty, or none of its learning is published now."

    def saved(self, token):
        if getattr(self, "_saved", None) is None:
            self._saved = saved_pack_or_404(token)
        return self._saved

    def depends_on(self, request):
        # Its owner may change the pack: the file is of the items it holds now.
        return ("saved", *clean_ids(self.saved(self.kwargs["token"]).item_ids))

    def resolve(self, request, token):
        saved = self.saved(token)
        touch(saved)
        return resolve(saved.item_ids)

    def address(self, request, token):
        return share_address(request, encode(self.resolved.ids), self.title) if self.resolved.ids else ""

    def get_context(self, request, handout):
        token = self.kwargs["token"]
        own = Pack(request.session)
        return {
            **super().get_context(request, handout),
            "urls": format_urls("saved_pack", token),
            "shared": True,
            "saved_link": True,
            "own_saved_pack": own.share_token == token,
            "use_url": reverse("printing:use_saved_pack", args=[token]),
            "own_pack_size": len(own),
            "breadcrumbs": [],
        }


@require_POST
def use_saved_pack(request, token):
    """Copy a saved pack into the visitor's own (replace, or add to it). The saved pack is not changed."""
    saved = saved_pack_or_404(token)
    pack = Pack(request.session)
    if pack.share_token == token:
        messages.info(request, "This is already your own training pack.")
        return redirect("printing:pack")
    resolved = resolve(saved.item_ids)
    touch(saved)
    if request.POST.get("mode") == "add":
        outcome = pack.add(resolved.ids)
        messages.add_message(
            request, messages.SUCCESS if not outcome.refused else messages.WARNING, outcome.message(len(pack))
        )
    else:
        pack.replace(resolved.ids)
        messages.success(
            request,
            f"Your training pack now holds a copy of the {len(pack)} item{'s' if len(pack) != 1 else ''} "
            "from the link. Changes you make are yours alone.",
        )
    for notice in resolved.notices:
        messages.warning(request, notice)
    return redirect("printing:pack")
