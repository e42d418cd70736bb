"""The results page as a spreadsheet: /learning/results.csv?<the page's query string>.

The rows are the page's (learning.selectors.find_items, the page's own selector, so the same
query string lists the same items in the same order), every page of them up to
API_CSV_MAX_ROWS, streamed a few hundred at a time. Cells that a spreadsheet would read as
a formula are prefixed with an apostrophe (OWASP's advice on CSV injection); the file is UTF-8
with a byte order mark, so Excel reads accents and dashes right."""

import csv
import math

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from api.throttling import allow
from learning.models import LearningItem
from learning.selectors import ItemsInOrder, find_items

CHUNK = 500
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    "ID",
    "URL",
    "API URL",
    "Kind",
    "Title",
    "Text",
    "Short text",
    "Publication",
    "Board",
    "Section",
    "Locator",
    "Citation",
    "Review",
    "Themes",
    "Age groups",
    "Agencies",
    "Source year",
    "Source date",
    "Added to site",
]


def safe_cell(value):
    """The value as text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(item, absolute):
    publication = item.publication
    review = item.review if item.review is not None and item.review.is_published else None
    return [
        item.pk,
        absolute(item.get_absolute_url()),
        absolute(reverse("api:item-detail", args=[publication.slug, item.key])),
        item.get_kind_display(),
        item.title,
        item.text,
        item.short_text if item.shows_short_wording else "",
        publication.title,
        publication.board.name,
        str(item.section) if item.section else "",
        item.locator,
        item.citation,
        review.title if review else "",
        "; ".join(theme.name for theme in item.themes.all()),
        "; ".join(age_group.name for age_group in item.age_groups.all()),
        "; ".join(audience.name for audience in item.audiences.all()),
        publication.year or "",
        publication.published_on.isoformat() if publication.published_on else publication.date_text,
        timezone.localtime(item.published_at).date().isoformat() if item.published_at else "",
    ]


class Echo:
    """A file for csv.writer whose write() hands back the line (Django's streaming CSV recipe)."""

    def write(self, value):
        return value


def listed_ids(params, limit):
    """The ids the results page lists for `params`, all its pages, at most `limit`: the page's
    own selector, asked for a page of one so that only the ids of the rest are read."""
    listed = find_items(params, 1, per_page=1).page.paginator.object_list
    if isinstance(listed, ItemsInOrder):  # a search by relevance: its matches, in order
        return list(listed.ids[:limit])
    return list(listed[:limit].values_list("pk", flat=True))  # a browse or another sort, in the database's order


def rows(ids, absolute):
    writer = csv.writer(Echo())
    yield BOM + writer.writerow(COLUMNS)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Published still (one withdrawn since the ids were read is left out), with all a row shows.
        fetched = LearningItem.objects.published().filter(pk__in=chunk).with_relations().select_related("review")
        by_pk = {item.pk: item for item in fetched}
        for pk in chunk:
            if pk in by_pk:
                yield writer.writerow([safe_cell(cell) for cell in row(by_pk[pk], absolute)])


def results_csv(request):
    allowed, wait = allow(request)
    if not allowed:
        response = HttpResponse(
            "Too many downloads from your address just now. Please wait a minute and try again.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(math.ceil(wait or 60))
        return response
    ids = listed_ids(request.GET, settings.API_CSV_MAX_ROWS)
    response = StreamingHttpResponse(rows(ids, request.build_absolute_uri), content_type="text/csv; charset=utf-8")
    filename = f"learning-results-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
