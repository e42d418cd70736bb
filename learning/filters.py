"""The filtered list of learning items: one FilterSet, every parameter in the URL."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from learning.models import Kind, LearningItem
from learning.options import filter_options

# The agency of learning addressed to everyone: choosing any agency includes it.
ALL_PRACTITIONERS = "all-practitioners"
SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("source", "Source order")]


class ItemFilterForm(forms.Form):
    """Cleans the filters; it is not rendered. The page's filter panel is a template loop over
    prepared data (learning.selectors.facet_choices, templates/learning/includes/filter_panel.html),
    which is far quicker than a widget template per checkbox."""


def _m2m_exists(relation, slugs):
    """Items tagged with any of `slugs` through `relation` (no duplicate rows)."""
    through = LearningItem._meta.get_field(relation).remote_field.through
    target = LearningItem._meta.get_field(relation).related_model._meta.model_name
    return Exists(through.objects.filter(learningitem=OuterRef("pk"), **{f"{target}__slug__in": slugs}))


class ItemFilterSet(django_filters.FilterSet):
    theme = django_filters.MultipleChoiceFilter(widget=forms.CheckboxSelectMultiple, label="Theme", method="filter_m2m")
    age_group = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple, label="Age group", method="filter_m2m"
    )
    kind = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple,
        label="Kind of learning",
        choices=Kind.choices,
        field_name="kind",
        distinct=False,
    )
    audience = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple, label="Agency", method="filter_m2m"
    )
    board = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple,
        label="Board or partnership",
        field_name="publication__board__slug",
        distinct=False,
    )
    publication = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple, label="Publication", field_name="publication__slug", distinct=False
    )
    year = django_filters.MultipleChoiceFilter(
        widget=forms.CheckboxSelectMultiple, label="Year", field_name="publication__year", distinct=False
    )

    M2M = {"theme": "themes", "age_group": "age_groups", "audience": "audiences"}

    class Meta:
        model = LearningItem
        fields = []
        form = ItemFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = filter_options()
        for name in ("theme", "age_group", "audience", "board", "publication", "year"):
            self.filters[name].extra["choices"] = options[name]

    def filter_m2m(self, queryset, name, value):
        if not value:
            return queryset
        if name == "audience":  # learning addressed to all practitioners is for every agency too
            value = [*value, ALL_PRACTITIONERS]
        return queryset.filter(_m2m_exists(self.M2M[name], value))

    def filter_queryset_except(self, queryset, excluded):
        """Apply every valid filter except those named in `excluded` (for facet counts)."""
        self.form.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name in excluded or not value:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def active_values(self):
        """(field name, value) pairs that are valid and applied."""
        self.form.is_valid()
        return [(name, value) for name, values in self.form.cleaned_data.items() for value in (values or [])]


FACET_FIELDS = ["theme", "age_group", "kind", "audience", "board", "publication", "year"]
