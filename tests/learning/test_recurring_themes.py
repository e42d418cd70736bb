"""The recurring-themes page: for every theme, how many reviews and publications raised it and
in which years, as an SVG chart and a table of the same figures; sortable; narrowed to a board;
and, from a theme, the reviews that raised it in time order."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.models import Status
from tests.factories import BoardFactory, LearningItemFactory, PublicationFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = "/recurring-themes/"


class Figures(HTMLParser):
    """The figures of the chart (per theme: reviews, and reviews per year) and of the table."""

    def __init__(self):
        super().__init__()
        self.chart, self.table, self.order = {}, {}, []
        self.theme = self.where = self.figure = self.year = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "g" and "data-theme" in attrs:
            self.where, self.theme = "chart", attrs["data-theme"]
            self.chart[self.theme] = {"reviews": None, "years": {}}
        elif tag == "tr" and "data-theme" in attrs:
            self.where, self.theme = "table", attrs["data-theme"]
            self.table[self.theme] = {"reviews": None, "publications": None, "years": {}}
            self.order.append(self.theme)
        self.figure = attrs.get("data-figure", self.figure if tag == "span" else None)
        self.year = attrs.get("data-year")

    def handle_data(self, data):
        if not self.theme or not data.strip():
            return
        target = self.chart[self.theme] if self.where == "chart" else self.table[self.theme]
        if self.year:
            target["years"][self.year] = int(data.rsplit(":", 1)[-1])
        elif self.figure in ("reviews", "publications"):
            target[self.figure] = int(data)
        self.year = None


def figures(response):
    parser = Figures()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def derby(seeded_db):
    """The seed content: Derby's three review records of 2008 – 2014 (its serious case reviews,
    its learning reviews and the overview of both) speak for the Derby report's learning, which
    names no single review; Leicestershire & Rutland's three cases (2011) name their own."""


def test_seed_counts_and_years_are_the_fixtures(client, derby):
    page = figures(client.get(URL))
    derby_years = {str(year): 3 for year in range(2008, 2015)}
    # Information sharing: Derby's three reviews (2008 – 2014), the nine school age children's
    # (undated) and all three Leicestershire & Rutland cases (2011): 7 reviews, 5 publications.
    sharing = page.table["information-sharing"]
    assert sharing["reviews"] == 7
    assert sharing["publications"] == 5
    assert sharing["years"] == {**derby_years, "2011": 6, "n.k.": 1}
    # Neglect comes back across Derby's reviews in every year from 2008 to 2014, and in the
    # nine school age children's reviews; not in Leicestershire & Rutland's cases.
    assert page.table["neglect"]["years"] == {**derby_years, "n.k.": 1}
    assert page.table["neglect"]["reviews"] == 4
    # Physical abuse: Derby's three, and one Leicestershire & Rutland case (2011, when Derby's
    # period also ran: 3 + 1 reviews cover that year).
    assert page.table["physical-abuse-and-bruising"] == {
        "reviews": 4,
        "publications": 2,
        "years": {**derby_years, "2011": 4},
    }


def test_the_table_holds_the_charts_figures(client, derby):
    page = figures(client.get(URL))
    assert page.chart and set(page.chart) == set(page.table)
    for slug, row in page.table.items():
        assert page.chart[slug]["reviews"] == row["reviews"], slug
        assert page.chart[slug]["years"] == row["years"], slug


def test_the_chart_is_an_accessible_svg(client, derby):
    html = client.get(URL).content.decode()
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="recurrence-chart-title recurrence-chart-desc"' in svg
    assert '<title id="recurrence-chart-title">' in html and '<desc id="recurrence-chart-desc">' in html
    assert '<caption class="govuk-table__caption' in html
    assert html.count('scope="row"') == len(figures(client.get(URL)).table)
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_sorted_by_recurrence_or_by_name(client, derby):
    by_recurrence = figures(client.get(URL))
    counts = [by_recurrence.table[slug]["reviews"] for slug in by_recurrence.order]
    assert counts == sorted(counts, reverse=True)
    by_name = client.get(URL, {"sort": "name"})
    names = re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', by_name.content.decode())
    assert names == sorted(names, key=str.lower)
    assert 'href="?sort=name"' in by_recurrence_html(client)


def by_recurrence_html(client):
    return client.get(URL).content.decode()


def test_a_board_narrows_it_to_its_reviews(client, derby):
    page = figures(client.get(URL, {"board": "leicestershire-and-rutland-lscb"}))
    assert page.table["child-sexual-exploitation"] == {"reviews": 1, "publications": 1, "years": {"2011": 1}}
    assert page.table["physical-abuse-and-bruising"]["reviews"] == 1
    assert all(set(row["years"]) <= {"2011"} for row in page.table.values())
    response = client.get(URL, {"board": "leicestershire-and-rutland-lscb", "sort": "name"})
    assert '<option value="leicestershire-and-rutland-lscb" selected>' in response.content.decode()
    assert 'href="?board=leicestershire-and-rutland-lscb&amp;sort=name"' in response.content.decode() or (
        'href="?board=leicestershire-and-rutland-lscb"' in response.content.decode()
    )


def test_an_unknown_board_or_sort_is_said_and_ignored(client, derby):
    for params in ({"board": "nowhere"}, {"board": "x" * 5000}, {"sort": "'; drop"}, {"board": ["a", "b"]}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert "We did not recognise that" in response.content.decode()
        assert figures(response).table["information-sharing"]["reviews"] == 7


def test_drafts_withdrawn_items_and_draft_reviews_are_never_counted(client):
    theme = ThemeFactory(slug="escalation")
    board = BoardFactory()
    publication = PublicationFactory(board=board, year=2019)
    live = ReviewFactory(board=board, year_from=2019, year_to=2019, publications=[publication])
    draft_review = ReviewFactory(board=board, status=Status.DRAFT, year_from=2020, year_to=2020)
    LearningItemFactory(publication=publication, review=live, themes=[theme])
    LearningItemFactory(publication=publication, review=draft_review, themes=[theme])
    for status in (Status.DRAFT, Status.WITHDRAWN):
        other = ReviewFactory(board=board, year_from=2021, year_to=2021)
        LearningItemFactory(publication=publication, review=other, status=status, themes=[theme])
    hidden = PublicationFactory(board=board, status=Status.DRAFT)
    LearningItemFactory(publication=hidden, review=ReviewFactory(board=board, year_from=2022), themes=[theme])
    page = figures(client.get(URL, {"board": board.slug}))  # (the seed may be loaded by other tests)
    assert page.table == {"escalation": {"reviews": 1, "publications": 1, "years": {"2019": 1}}}


def test_a_publication_naming_no_review_speaks_for_all_it_reports_on(client):
    theme = ThemeFactory(slug="a-theme")
    board = BoardFactory()
    publication = PublicationFactory(board=board, year=2015)
    ReviewFactory(board=board, year_from=2008, year_to=2009, publications=[publication])
    ReviewFactory(board=board, year_reported=2015, publications=[publication])
    LearningItemFactory(publication=publication, themes=[theme])
    assert figures(client.get(URL, {"board": board.slug})).table["a-theme"] == {
        "reviews": 2,
        "publications": 1,
        "years": {"2008": 1, "2009": 1, "2015": 1},
    }


def test_the_page_costs_a_fixed_number_of_queries(client, derby, django_assert_num_queries):
    client.get(URL)
    client.get(URL, {"board": "derby-scb"})
    with django_assert_num_queries(1):  # the content version; the figures are cached for it
        assert client.get(URL, {"board": "derby-scb", "sort": "name"}).status_code == 200


def test_the_theme_list_links_to_it(client, derby):
    assert f'href="{URL}"' in client.get(reverse("learning:theme_list")).content.decode()


# ---------------------------------------------------------------- from a theme


def test_a_themes_reviews_in_time_order(client, derby):
    response = client.get(reverse("learning:theme_reviews", args=["physical-abuse-and-bruising"]))
    html = response.content.decode()
    titles = re.findall(r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="([^"]+)">', html)
    assert (
        titles
        == [
            "/reviews/derby-serious-case-reviews-2008-2014/",
            "/reviews/derby-learning-reviews-2008-2014/",
            "/reviews/derby-review-of-reviews-2008-2014/",
            "/reviews/lr-case-2-physical-abuse/",
            "/reviews/lr-case-3-physical-abuse/",
        ][: len(titles)]
    )
    assert len(titles) >= 4
    assert "2008 – 2014" in html and "Reported in 2011" in html
    assert 'href="/boards/leicestershire-and-rutland-lscb/"' in html


def test_the_theme_page_links_to_its_reviews(client, derby):
    html = client.get(reverse("learning:theme", args=["neglect"])).content.decode()
    assert f'href="{reverse("learning:theme_reviews", args=["neglect"])}"' in html


def test_a_themes_reviews_narrowed_to_a_board(client, derby):
    url = reverse("learning:theme_reviews", args=["physical-abuse-and-bruising"])
    html = client.get(url, {"board": "leicestershire-and-rutland-lscb"}).content.decode()
    assert "derby-serious-case-reviews" not in html and "/reviews/lr-case-2-physical-abuse/" in html


def test_an_unknown_theme_is_404(client, derby):
    assert client.get("/recurring-themes/no-such-theme/").status_code == 404


def test_a_themes_reviews_cost_a_fixed_number_of_queries(client, derby, django_assert_num_queries):
    url = reverse("learning:theme_reviews", args=["neglect"])
    client.get(url)
    with django_assert_num_queries(2):  # the content version and the theme
        assert client.get(url).status_code == 200


def test_a_themes_reviews_are_paged(client):
    theme = ThemeFactory(slug="paged")
    board = BoardFactory()
    publication = PublicationFactory(board=board)
    for year in range(1960, 2015):  # 55 reviews
        LearningItemFactory(
            publication=publication, review=ReviewFactory(board=board, year_from=year, year_to=year), themes=[theme]
        )
    url = reverse("learning:theme_reviews", args=["paged"])
    first, second = client.get(url, {"board": board.slug}), client.get(url, {"board": board.slug, "page": 2})
    assert first.content.decode().count('<h3 class="govuk-heading-s') == 50
    assert "1960" in first.content.decode() and "2014" in second.content.decode()
    assert 'class="govuk-pagination"' in first.content.decode()
    for bad in ("99", "x", "-1", "9" * 30):
        assert client.get(url, {"page": bad}).status_code == 404
