"""The training pack: adding, removing and ordering its items, its page, and its handouts
(the trainer's own pack and a pack rebuilt from a share link)."""

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from learning import markup
from learning.models import AgeGroup, Audience, LearningItem, Theme
from learning.selectors import find_items
from printing import handouts
from printing.formats import format_urls
from printing.pack import CAP, Pack, clean_ids, encode, resolve_session, resolve_token
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
