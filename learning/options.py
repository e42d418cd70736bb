"""Choices for the filters, cached under the vocabulary's version (core/versioning.py) so the list
page does not query the vocabularies on every request, and a publication withdrawn through
any server process leaves every process's options at once."""

from core.models import published
from core.versioning import VOCABULARY, cached
from learning.models import AgeGroup, Audience, Kind, Theme
from reviews.models import Board, Publication


def build_filter_options():
    publications = Publication.objects.published().select_related("board").order_by("title")
    years = sorted({year for year in publications.values_list("year", flat=True) if year}, reverse=True)
    return {
        "theme": list(Theme.objects.values_list("slug", "name")),
        "age_group": list(AgeGroup.objects.values_list("slug", "name")),
        "audience": list(Audience.objects.values_list("slug", "name")),
        "kind": list(Kind.choices),
        "board": list(Board.objects.filter(published("publications__")).distinct().values_list("slug", "name")),
        "publication": [(publication.slug, publication.title) for publication in publications],
        "year": [(str(year), str(year)) for year in years],
    }


def filter_options():
    return cached("learning:filter-options", build_filter_options, scope=VOCABULARY)
