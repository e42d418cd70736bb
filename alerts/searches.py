"""Saved searches: the query string of a search and filter page (`/learning/?q=…&theme=…`),
kept to its search words and filters, checked by learning's own FilterSet."""

from django.http import QueryDict

from learning.filters import FACET_FIELDS, ItemFilterSet
from learning.models import LearningItem
from learning.options import filter_options
from learning.selectors import known_filter_values
from search.services import search_items

SEARCH_PARAMS = ("q", *FACET_FIELDS)
MAX_QUERY_LENGTH = 200  # the search box's maxlength


class InvalidSearch(ValueError):
    pass


def clean_search(query_string):
    """The saved form of a results page's query string ("" when it chooses nothing): only the
    search words and the filters, filter values that exist, in a fixed order. Raises
    InvalidSearch when what is left is not a search the page would run."""
    params = QueryDict(query_string or "")
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        values = [value.strip() for value in params.getlist(name) if value.strip()]
        if name == "q":
            values = values[:1]
            if values and len(values[0]) > MAX_QUERY_LENGTH:
                raise InvalidSearch("The search words are too long.")
        if values:
            kept.setlist(name, sorted(set(values)) if name != "q" else values)
    kept, notices = known_filter_values(kept)
    if notices:
        raise InvalidSearch("The search names a filter that no longer exists.")
    filterset = ItemFilterSet(kept, queryset=LearningItem.objects.none())
    if not filterset.form.is_valid():
        raise InvalidSearch("The search is not one this site can run.")
    return kept.urlencode()


def describe(saved):
    """What a saved search asks for, in words: ['Search words: neglect', 'Theme: Neglect', …]."""
    params = QueryDict(saved or "")
    labels = {name: dict(choices) for name, choices in filter_options().items()}
    parts = []
    if params.get("q"):
        parts.append(f"Search words: {params['q']}")
    for name in FACET_FIELDS:
        for value in params.getlist(name):
            parts.append(f"{ItemFilterSet.base_filters[name].label}: {labels[name].get(value, value)}")
    return parts


def matching(saved, queryset):
    """The items of `queryset` that the saved search finds (a queryset)."""
    params = QueryDict(saved or "")
    filterset = ItemFilterSet(params, queryset=queryset)
    searched = search_items(queryset, params.get("q", "")).queryset
    return filterset.filter_queryset_except(searched, excluded=())
