"""What's new and its Atom feeds: public learning, newest first by when each item was first
public on this site (`LearningItem.published_at`).

One selection serves the What's new page, the home page's latest few and every feed: the public
items (`published()`), narrowed and searched exactly as the results page narrows and searches
them (its ItemFilterSet, the same unknown values dropped, the same search), newest first. A feed
matches all the words of a search: it is a standing question, so it is never broadened to any of
the words or spelling-corrected as the results page may be when it finds few.

The feeds are Django's syndication framework (Atom 1.0), one Feed instance per request (it holds
the request). Each rendered feed is kept for the content version (`core.versioning.cached`), so
a reader polling an unchanged feed costs one query, or none past ConditionalContentMiddleware's
304. An unknown theme, age group or agency in a feed's address is a 404; an unknown value in a
search feed's query string is dropped, as the results page drops it.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.xmlutils import SimplerXMLGenerator

from core.versioning import cached
from learning.filters import ItemFilterSet
from learning.models import LearningItem
from learning.options import filter_options
from learning.selectors import known_filter_values, with_card_details
from learning.text import render_text
from search.services import search_items

FEED_ENTRIES = 50  # the newest this many; a reader that polls keeps the older ones
HOME_LATEST = 5
# What a feed's selection may be narrowed by in its address, and how a title names it.
FEED_VOCABULARIES = {"theme": "theme", "age_group": "age group", "audience": "agency"}
IGNORED_PARAMETERS = ("page", "sort")  # the page's own; a feed is always newest first, one page


def newest_first(queryset):
    """`queryset`'s items with a date on this site, newest first; items published together (a
    publication's, say) in source order. The index on status and published_at serves it."""
    return queryset.filter(published_at__isnull=False).order_by("-published_at", "publication_id", "position", "pk")


@dataclass
class NewLearning:
    """Public items chosen by a query string, newest first (`items`, lazy), with what the page
    says about the choice: values it did not recognise, and the filters applied."""

    items: object
    filterset: ItemFilterSet
    query: str = ""
    notices: list = field(default_factory=list)

    @property
    def active(self):
        """[(filter name, value, label)] applied, in the filter panel's order."""
        labels = {name: dict(choices) for name, choices in filter_options().items()}
        return [(name, value, labels.get(name, {}).get(value, value)) for name, value in self.filterset.active_values()]


def new_learning(params=None):
    """The public items `params` (a QueryDict: q, theme, age_group, audience, kind, board,
    publication, year) choose, as the results page chooses them, newest first."""
    params = QueryDict() if params is None else params
    params, notices = known_filter_values(params)
    base = LearningItem.objects.published()
    filterset = ItemFilterSet(params, queryset=base)
    if not params.get("q", "").strip():  # no search: not even the search vocabulary is needed
        chosen = filterset.filter_queryset_except(base, excluded=())
        return NewLearning(items=newest_first(chosen), filterset=filterset, notices=notices)
    outcome = search_items(base, params.get("q", ""))
    chosen = filterset.filter_queryset_except(outcome.queryset, excluded=())
    return NewLearning(
        items=newest_first(chosen), filterset=filterset, query=outcome.raw, notices=notices + outcome.messages
    )


def latest(limit=HOME_LATEST):
    """The newest `limit` public items with their source, for the home page: kept for the content
    version, so the home page makes no query for them."""

    def compute():
        newest = newest_first(LearningItem.objects.published())
        return list(newest.select_related("publication__board", "section", "short_publication")[:limit])

    return cached(f"whats-new:latest:{limit}", compute)


def entry_label(item):
    """What an entry or a short list calls an item: what the site calls it (its heading: its own
    title, or its wording's first words)."""
    return item.heading


def source_date(publication):
    """The source's own date, as a reader would write it: "3 March 2015", or its year."""
    if publication.published_on:
        return f"{publication.published_on.day} {publication.published_on:%B %Y}"
    return str(publication.year) if publication.year else ""


# Feeds -----------------------------------------------------------------------------------


# Characters XML 1.0 cannot hold (a search typed with control characters, say): left out.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class XMLSafeGenerator(SimplerXMLGenerator):
    """Writes text and attributes without the characters XML 1.0 cannot hold, instead of failing."""

    def characters(self, content):
        super().characters(NOT_IN_XML.sub("", content) if content else content)

    def startElement(self, name, attrs):  # noqa: N802 - SAX's name
        super().startElement(name, {key: NOT_IN_XML.sub("", str(value)) for key, value in attrs.items()})


class LearningAtomFeed(Atom1Feed):
    """Atom 1.0 with each entry's wording as <content type="html"> and its themes as categories
    (term: the theme's slug, label: its name, scheme: the themes page)."""

    def write(self, outfile, encoding):
        handler = XMLSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for slug, name in item["themes"]:
            handler.addQuickElement("category", "", {"term": slug, "label": name, "scheme": item["theme_scheme"]})
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Selection:
    """What one feed holds: a title, the page it stands for (a path) and the items."""

    title: str
    link: str
    subtitle: str
    items: object


class LearningFeed(Feed):
    """Newest public learning as Atom. Subclasses say which (`selection`); `view()` is the URL's
    view: a new instance per request, answered from the cache while the content is unchanged."""

    feed_type = LearningAtomFeed
    language = "en-GB"
    entries = FEED_ENTRIES

    def __init__(self, request):
        self.request = request

    @classmethod
    def view(cls):
        def view(request, **kwargs):
            return cls(request).respond(**kwargs)

        view.__name__ = view.__qualname__ = f"{cls.__name__}.view"
        view.__doc__ = cls.__doc__
        return view

    def respond(self, **kwargs):
        selection = self.selection(**kwargs)  # an unknown slug is a 404 before anything is cached
        address = self.request.build_absolute_uri()
        key = hashlib.sha256(address.encode()).hexdigest()
        body = cached(f"feed:{key}", lambda: self.get_feed(selection, self.request).writeString("utf-8"))
        return HttpResponse(body, content_type=self.feed_type.content_type)

    def selection(self, **kwargs):
        raise NotImplementedError

    def described(self, title, link, items):
        return Selection(
            title=f"{title} – {settings.SITE_NAME}",
            link=link,
            subtitle=(
                "Learning from safeguarding children case reviews, newest first by the date it was added "
                f"to this site: the latest {self.entries}, word for word, with where each comes from."
            ),
            items=items,
        )

    # The feed -------------------------------------------------------------------------

    def title(self, selection):
        return selection.title

    def link(self, selection):
        return selection.link

    def subtitle(self, selection):
        return selection.subtitle

    def feed_url(self, selection):
        return self.request.get_full_path()

    def feed_guid(self, selection):
        return self.request.build_absolute_uri()

    def author_name(self, selection):
        return settings.SITE_NAME

    def items(self, selection):
        return list(with_card_details(selection.items)[: self.entries])

    # Each entry -----------------------------------------------------------------------

    def item_title(self, item):
        return f"{item.get_kind_display()}: {entry_label(item)}"

    def item_description(self, item):
        return None  # the wording is the entry's <content>

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        """A tag URI (RFC 4151) from the site's host, the day (UTC) the item was first public and
        its address: none of them ever changes."""
        day = item.published_at.astimezone(datetime.UTC).date().isoformat()
        return f"tag:{self.request.get_host().split(':')[0]},{day}:{item.get_absolute_url()}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.publication.board.name

    def item_extra_kwargs(self, item):
        return {
            "content": entry_content(item, self.request.build_absolute_uri),
            "themes": [(theme.slug, theme.name) for theme in item.themes.all()],
            "theme_scheme": self.request.build_absolute_uri(reverse("learning:theme_list")),
        }


def entry_content(item, absolute):
    """An entry's HTML: the short wording where it is shown, the full wording exactly as the
    source gives it (escaped as on the site, learning/text.py), and where it comes from."""
    parts = []
    if item.shows_short_wording:
        parts += [mark_safe("<p><strong>In short</strong></p>"), render_text(item.short_text, glossary=False)]
        parts.append(mark_safe("<p><strong>In full</strong></p>"))
    parts.append(render_text(item.text, glossary=False))
    publication = item.publication
    dated = source_date(publication)
    parts.append(
        format_html(
            '<p>{}. From <cite>{}</cite>: <a href="{}">{}</a>, {}{}.</p>',
            item.get_kind_display(),
            item.citation,
            absolute(publication.get_absolute_url()),
            publication.title,
            publication.board.name,
            f", {dated}" if dated else "",
        )
    )
    return "".join(parts)


class NewLearningFeed(LearningFeed):
    """All new learning: /feeds/new/."""

    def selection(self):
        return self.described("New learning", reverse("learning:whats_new"), new_learning().items)


class VocabularyFeed(LearningFeed):
    """New learning on one theme, for one age group or for one agency: /feeds/<kind>/<slug>/.
    The slug is checked against the filter options (cached: no query); unknown, a 404."""

    name = None  # the filter: theme, age_group or audience
    heading = ""

    def selection(self, slug):
        label = dict(filter_options()[self.name]).get(slug)
        if label is None:
            raise Http404(f"No {FEED_VOCABULARIES[self.name]} is called that.")
        params = QueryDict(mutable=True)
        params[self.name] = slug
        return self.described(self.heading.format(label), self.page(slug, params), new_learning(params).items)

    def page(self, slug, params):
        return f"{reverse('learning:item_list')}?{params.urlencode()}"


class ThemeFeed(VocabularyFeed):
    name = "theme"
    heading = "New learning on {}"

    def page(self, slug, params):
        return reverse("learning:theme", args=[slug])


class AgeGroupFeed(VocabularyFeed):
    name = "age_group"
    heading = "New learning for {}"


class AudienceFeed(VocabularyFeed):
    name = "audience"
    heading = "New learning for {}"


class SearchFeed(LearningFeed):
    """Any search or filter of the results page, newest first: /feeds/learning/?q=…&theme=…"""

    def selection(self):
        params = self.request.GET.copy()
        for name in IGNORED_PARAMETERS:
            params.pop(name, None)
        chosen = new_learning(params)
        bits = [f"“{chosen.query}”"] if chosen.query else []
        bits += [label for _name, _value, label in chosen.active]
        title = f"New learning: {', '.join(bits)}" if bits else "New learning"
        page = reverse("learning:item_list") + (f"?{params.urlencode()}" if params else "")
        return self.described(title, page, chosen.items)


def results_feed_url(params):
    """The feed of a results page's search and filters (the all-new feed when none is chosen)."""
    params = params.copy()
    for name in IGNORED_PARAMETERS:
        params.pop(name, None)
    if not any(value for _name, values in params.lists() for value in values):
        return reverse("learning:feed_new")
    return f"{reverse('learning:feed_search')}?{params.urlencode()}"
