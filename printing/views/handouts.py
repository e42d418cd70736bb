"""Handouts in three formats (HTML for print, PDF, Word): themed summaries, 7-minute briefings
and summaries of a selection from the filtered list. The training pack's handouts are in pack.py.

Each kind of handout only finds what to print (printing/handouts.py, printing/briefing.py,
printing/pack.py) in `get_handout`; `HandoutView` renders it in the format its URL asks for
(printing/formats.py), or explains why there is nothing to print. A PDF or Word file made before
for the same content comes from the cache, and only a few are made at once (printing/downloads.py).
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View

from learning.models import Theme
from printing import briefing as briefings
from printing import downloads, handouts
from printing.formats import FORMATS, format_urls

# Parameters of a handout's own page that are not filters of the list.
OWN_PARAMS = ("full", "page")


def wants_full(request):
    return request.GET.get("full", "").lower() in {"1", "on", "true", "yes"}


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


class HandoutView(View):
    """One kind of handout, in the format its URL names (urls.py sets `fmt` for each of the three).

    A subclass says what to print (`get_handout`) and what the page around it shows
    (`get_context`): its links, breadcrumbs and what to say when there is nothing to print.
    Choosing the format and rendering it is written once, here.
    """

    http_method_names = ["get"]  # as require_GET: not even HEAD, which would build a PDF to throw away
    fmt = FORMATS["html"]
    template_name = "printing/handout.html"
    caption = ""
    offers_full = True  # the "Include the full wordings" option
    private = False  # a handout of the visitor's own (their pack): sent as private, for no proxy to keep

    def get(self, request, **kwargs):
        if self.fmt.is_download:
            # A file made before for the same content comes from the cache (printing/downloads.py).
            back = self.fmt.page_path(request.path) + (f"?{request.GET.urlencode()}" if request.GET else "")
            response = downloads.serve(request, self.depends_on(request), lambda: self.make(request, **kwargs), back)
        else:
            response = self.make(request, **kwargs)
        if self.private:
            patch_cache_control(response, private=True)
        return response

    def make(self, request, **kwargs):
        handout = self.get_handout(request, **kwargs)
        context = self.get_context(request, handout)
        if handout.is_empty:
            return nothing_to_print(request, context.get("empty", {}), context.get("breadcrumbs", []))
        context.update(
            handout=handout,
            caption=self.caption,
            offers_full=self.offers_full,
            site_root=request.build_absolute_uri("/").rstrip("/"),
        )
        return self.fmt.respond(request, self.template_name, context)

    def depends_on(self, request):
        """What a download depends on besides its address (with the query), the site's address,
        the day and the content version: none of the visitor's own data, unless named here."""
        return ()

    def get_handout(self, request, **kwargs):
        """The handout to print, from the URL's arguments and query."""
        raise NotImplementedError

    def get_context(self, request, handout):
        """What the page shows around the handout, and `empty`: what to say if it holds nothing."""
        return {}


# Themed summaries and 7-minute briefings ---------------------------------------------------


class ThemeHandoutView(HandoutView):
    """Both handouts of one theme; each links to the other, and both lead back to the theme."""

    url_name = ""

    def get_handout(self, request, slug):
        self.theme = get_object_or_404(Theme, slug=slug)
        self.urls = format_urls(self.url_name, slug)
        return self.for_theme(request, self.theme)

    def for_theme(self, request, theme):
        """The theme's handout of this kind, with the addresses it prints."""
        raise NotImplementedError

    def get_back(self, theme):
        """(address, label) of the theme's other handout."""
        raise NotImplementedError

    def get_context(self, request, handout):
        theme = self.theme
        return {
            "urls": self.urls,
            "breadcrumbs": [(reverse("learning:theme_list"), "Themes"), (theme.get_absolute_url(), theme.name)],
            "back": self.get_back(theme),
            "empty": empty_theme(theme),
        }


class ThemeHandout(ThemeHandoutView):
    caption = "Themed summary"
    url_name = "theme_handout"

    def for_theme(self, request, theme):
        full = wants_full(request)
        handout = handouts.for_theme(theme, include_full=full)
        handout.address = request.build_absolute_uri(self.urls["html"] + ("?full=1" if full else ""))
        return handout

    def get_back(self, theme):
        return reverse("printing:briefing", args=[theme.slug]), f"7-minute briefing on {theme.name.lower()}"


class ThemeBriefing(ThemeHandoutView):
    template_name = "printing/briefing.html"
    caption = "7-minute briefing"
    url_name = "briefing"
    offers_full = False

    def for_theme(self, request, theme):
        handout = briefings.for_theme(theme)
        handout.address = request.build_absolute_uri(self.urls["html"])
        handout.summary_address = request.build_absolute_uri(reverse("printing:theme_handout", args=[theme.slug]))
        return handout

    def get_back(self, theme):
        return reverse("printing:theme_handout", args=[theme.slug]), f"Themed summary of {theme.name.lower()}"


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


# A selection from the filtered list --------------------------------------------------------


class SelectionHandout(HandoutView):
    """Whatever the filtered list shows (/learning/?theme=…&age_group=…&q=…), as a handout."""

    caption = "Summary of selected learning"

    def get_handout(self, request):
        self.params = request.GET.copy()
        for name in OWN_PARAMS:
            self.params.pop(name, None)
        full = wants_full(request)
        handout = handouts.for_selection(self.params, include_full=full)
        query = self.params.urlencode()
        address_query = "&".join(part for part in (query, "full=1" if full else "") if part)
        handout.address = request.build_absolute_uri(format_urls("selection_handout", query=address_query)["html"])
        self.list_url = reverse("learning:item_list") + (f"?{query}" if query else "")
        return handout

    def get_context(self, request, handout):
        list_url = self.list_url
        return {
            "urls": format_urls("selection_handout"),
            "hidden_params": [(name, value) for name, values in self.params.lists() for value in values],
            "breadcrumbs": [(list_url, "Search and filter learning")],
            "back": (list_url, "Back to these results"),
            "empty": {
                "heading": "No learning matches these choices",
                "explanation": "Nothing published matches the filters or search words in this link, so there is "
                "nothing to print or download.",
                "notices": handout.notices,
                "suggestions": [
                    (list_url, "change the filters or search words"),
                    (reverse("learning:theme_list"), "browse learning by theme"),
                ],
            },
        }
