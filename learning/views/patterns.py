"""Patterns across reviews: the recurring-themes page (a chart and a table of how many reviews
and publications raised each theme, and in which years) and, from a theme, the reviews that
raised it in time order. Their figures come from learning/recurrence.py, cached."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from learning import recurrence
from learning.models import Theme

# The chart's geometry, in SVG user units (the SVG scales to the page's width).
LABEL_WIDTH = 330
BAR_WIDTH = 190
YEAR_WIDTH = 26
ROW_HEIGHT = 22
HEAD_HEIGHT = 46
UNDATED = "n.k."


class BoardNarrowingMixin:
    """`?board=<slug>` narrows a page to that board's reviews; an unknown one is said and ignored."""

    def board_and_notices(self):
        slug = self.request.GET.get("board", "")
        board = recurrence.board_or_none(slug)
        notices = []
        if slug and board is None:
            notices.append("We did not recognise that board, so the reviews of every board are shown.")
        return board, notices


class RecurringThemesView(BoardNarrowingMixin, TemplateView):
    template_name = "learning/recurring_themes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board, notices = self.board_and_notices()
        sort = self.request.GET.get("sort", "recurrence")
        if sort not in recurrence.SORTS:
            notices.append("We did not recognise that order, so the themes are shown most reviews first.")
            sort = "recurrence"
        figures = recurrence.theme_recurrence(board)
        rows = [{**row, "years_text": years_text(row)} for row in recurrence.sorted_rows(figures["rows"], sort)]
        keep = {"board": board[0]} if board else {}
        context.update(
            board=board,
            boards=recurrence.review_index().boards,
            notices=notices,
            sort=sort,
            sorts=[
                (key, label, "?" + urlencode({**keep, "sort": key}) if key != "recurrence" else "?" + urlencode(keep))
                for key, label in ((key, value[0]) for key, value in recurrence.SORTS.items())
            ],
            rows=rows,
            years=figures["years"],
            board_query=urlencode(keep),
            chart=chart(rows, figures["years"]),
            review_total=figures["reviews"],
        )
        return context


def cell_x(column):
    return LABEL_WIDTH + BAR_WIDTH + column * YEAR_WIDTH


def chart(rows, years):
    """The layout of the SVG chart: a bar of the number of reviews per theme, then one cell per
    year (and one for reviews with no year) holding how many of those reviews cover it."""
    undated = any(row["undated"] for row in rows)
    columns = [*years, UNDATED] if undated else list(years)
    most = max((row["reviews"] for row in rows), default=0) or 1
    most_in_a_year = max((n for row in rows for n in [*row["years"].values(), row["undated"]]), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + YEAR_WIDTH * len(columns) + 10
    lines = []
    for number, row in enumerate(rows):
        y = HEAD_HEIGHT + number * ROW_HEIGHT
        cells = []
        for column_number, year in enumerate(columns):
            n = row["undated"] if year == UNDATED else row["years"].get(year, 0)
            cells.append(
                {
                    "year": year,
                    "n": n,
                    "x": cell_x(column_number),
                    "shade": 0 if not n else 1 + min(3, (n * 4 - 1) // most_in_a_year),
                }
            )
        lines.append(
            {
                **row,
                "y": y,
                "text_y": y + ROW_HEIGHT * 0.68,
                "bar": max(2, round((BAR_WIDTH - 40) * row["reviews"] / most)) if row["reviews"] else 0,
                "cells": cells,
            }
        )
    return {
        "rows_svg": mark_safe("".join(map(row_svg, lines))),  # noqa: S308 - every value escaped or a number
        "width": width,
        "height": HEAD_HEIGHT + ROW_HEIGHT * len(rows) + 6,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "years_x": LABEL_WIDTH + BAR_WIDTH,
        "columns": [{"label": year, "x": cell_x(n) + YEAR_WIDTH / 2} for n, year in enumerate(columns)],
        "lines": lines,
        "cell": YEAR_WIDTH - 2,
        "row_height": ROW_HEIGHT,
    }


def row_svg(line):
    """One theme's row of the chart as SVG markup, written here rather than in the template: a
    chart of 40 themes over 17 years has 700 cells, which Django's templates render slowly. The
    theme's name and slug are escaped; everything else is a number."""
    y, text_y, bar = line["y"], line["text_y"], line["bar"]
    parts = [
        f'<g class="app-recurrence-chart__row" data-theme="{escape(line["slug"])}">',
        f'<line class="app-recurrence-chart__rule" x1="0" x2="100%" y1="{y}" y2="{y}"/>',
        f'<text class="app-recurrence-chart__label" x="0" y="{text_y}">{escape(line["name"])}</text>',
    ]
    if bar:
        parts.append(
            f'<rect class="app-recurrence-chart__bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" '
            f'height="{ROW_HEIGHT - 8}"/>'
        )
    parts.append(
        f'<text class="app-recurrence-chart__count" data-figure="reviews" x="{LABEL_WIDTH + bar + 5}" '
        f'y="{text_y}">{int(line["reviews"])}</text>'
    )
    for cell in line["cells"]:
        parts.append(
            f'<rect class="app-recurrence-chart__cell app-recurrence-chart__cell--{cell["shade"]}" x="{cell["x"] + 1}" '
            f'y="{y + 2}" width="{YEAR_WIDTH - 2}" height="{ROW_HEIGHT - 4}"/>'
        )
        if cell["n"]:
            light = " app-recurrence-chart__n--light" if cell["shade"] > 2 else ""
            parts.append(
                f'<text class="app-recurrence-chart__n{light}" data-year="{escape(cell["year"])}" '
                f'x="{cell["x"] + YEAR_WIDTH // 2}" y="{text_y}" text-anchor="middle">{int(cell["n"])}</text>'
            )
    parts.append("</g>")
    return "".join(parts)


def years_text(row):
    """The table's years cell: "2008: 3, 2009: 3, …, year not known: 1" (or "none")."""
    parts = [format_html('<span data-year="{}">{}: {}</span>', year, year, n) for year, n in row["years"].items()]
    if row["undated"]:
        parts.append(format_html('<span data-year="{}">year not known: {}</span>', UNDATED, row["undated"]))
    return mark_safe(", ".join(parts) or "none")  # noqa: S308 - each part is format_html's


class ThemeReviewsView(BoardNarrowingMixin, TemplateView):
    """The reviews that raised a theme, oldest first, each with its years, board and page."""

    template_name = "learning/theme_reviews.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        board, notices = self.board_and_notices()
        found = recurrence.theme_reviews(theme, board)
        paginator = Paginator(found, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of reviews.") from error
        context.update(
            theme=theme,
            board=board,
            notices=notices,
            review_count=len(found),
            reviews=page.object_list,
            page_obj=page,
            board_query=urlencode({"board": board[0]}) if board else "",
        )
        return context
