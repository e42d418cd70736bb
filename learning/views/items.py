"""Public pages for finding learning: themes, the search and filter list, items, glossary."""

from django.views.generic import DetailView, ListView, TemplateView

from core.preview import PreviewResponseMixin, get_published_or_preview
from learning import counts, recurrence
from learning.filters import SORT_CHOICES
from learning.models import KIND_PLURALS, GlossaryTerm, Kind, LearningItem, Theme
from learning.options import filter_options
from learning.selectors import facet_choices, find_items


class ThemeListView(ListView):
    template_name = "learning/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        """Themes with published learning; an empty theme would be a dead end."""
        return [theme for theme in counts.vocabulary_counts()["theme"] if theme.item_count]


def group_by_kind(items, counts=None):
    """[(kind, heading, items, total)] in the order kinds are declared."""
    groups = {kind: [] for kind in Kind}
    for item in items:
        groups[Kind(item.kind)].append(item)
    counts = counts or {}
    return [(kind, KIND_PLURALS[kind], group, counts.get(kind, len(group))) for kind, group in groups.items() if group]


class ThemeDetailView(DetailView):
    """A theme's items grouped by kind, filterable by age group and agency."""

    template_name = "learning/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()
    per_kind = 10  # the rest is one click away in the filtered list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        tags = counts.theme_tag_counts(theme)
        age_group = self.request.GET.get("age_group", "")
        audience = self.request.GET.get("audience", "")
        notices = []
        known = filter_options()  # every age group and agency, cached: no query to check one
        if age_group and age_group not in {slug for slug, _ in known["age_group"]}:
            notices.append("We did not recognise that age group, so it was ignored.")
            age_group = ""
        if audience and audience not in {slug for slug, _ in known["audience"]}:
            notices.append("We did not recognise that agency, so it was ignored.")
            audience = ""
        kinds = counts.theme_kind_counts(theme, age_group, audience)
        # Which items are listed is kept for the content version; they are fetched live (and
        # only what a card shows: its source, section, short wording's leaflet and themes).
        shown = (
            LearningItem.objects.published()
            .filter(pk__in=counts.theme_listing(theme, age_group, audience, self.per_kind))
            .select_related("publication__board", "section", "short_publication")
            .prefetch_related("themes")
            .in_source_order()
        )
        context.update(
            groups=group_by_kind(shown, kinds),
            item_count=sum(kinds.values()),
            age_groups=tags["age_group"],
            audiences=tags["audience"],
            selected_age_group=age_group,
            selected_audience=audience,
            notices=notices,
            related_themes=counts.related_themes(theme),
        )
        return context


class ItemListView(TemplateView):
    """Search results and the filtered list: one page, everything in the URL."""

    template_name = "learning/item_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = find_items(self.request.GET, self.request.GET.get("page"))
        context.update(
            result=result,
            page_obj=result.page,
            items=result.page.object_list,
            form=facet_choices(result.filterset, result.facets),
            active_filters=active_filter_links(self.request.GET, result),
            sort_choices=SORT_CHOICES,
        )
        return context


def active_filter_links(params, result):
    """Each applied filter with a link that removes just it."""
    options = filter_options()
    labels = {name: dict(choices) for name, choices in options.items()}
    links = []
    for name, value in result.filterset.active_values():
        remaining = params.copy()
        remaining.setlist(name, [v for v in params.getlist(name) if v != value])
        remaining.pop("page", None)
        links.append(
            {
                "label": f"{result.filterset.filters[name].label}: {labels.get(name, {}).get(value, value)}",
                "url": "?" + remaining.urlencode(),
            }
        )
    return links


class ItemDetailView(PreviewResponseMixin, DetailView):
    template_name = "learning/item_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        item, self.preview = get_published_or_preview(
            self.request,
            LearningItem.objects.published().with_relations().select_related("review", "follows"),
            LearningItem.objects.with_relations().select_related("review", "follows"),
            publication__slug=self.kwargs["publication"],
            key=self.kwargs["key"],
        )
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        item = self.object
        published = LearningItem.objects.published()
        context.update(
            national_findings=published.filter(follows=item).order_by("position"),
            follows=item.follows if item.follows and item.follows.is_published else None,
            related=related_items(item),
            raised_before=recurrence.raised_before(item),
        )
        return context


RELATED_CANDIDATES_PER_THEME = 100


def related_items(item, limit=5):
    """Published items sharing the most themes with this one, then by publication and position:
    among the RELATED_CANDIDATES_PER_THEME most recently added items of each of its themes (all
    of a theme's items while it has no more), so one bounded query at any corpus size."""
    theme_ids = [theme.pk for theme in item.themes.all()]
    return (
        LearningItem.objects.published()
        .sharing_themes_with(item, theme_ids, RELATED_CANDIDATES_PER_THEME)
        .order_by("-shared", "publication__slug", "position", "pk")
        .select_related("publication__board", "section", "short_publication")[:limit]
    )


class GlossaryView(ListView):
    template_name = "learning/glossary.html"
    context_object_name = "terms"
    queryset = GlossaryTerm.objects.all()
