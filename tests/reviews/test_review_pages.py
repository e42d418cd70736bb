"""The reviews list, a review's page and a board's page, as a reader uses them: filters by
board, type, year and theme (each, together, bad values, pages), only published reviews, a
review's learning by kind and its place in the board's history, and a fixed number of queries."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Status
from learning.models import Kind, LearningItem
from learning.views.sources import REVIEW_ITEMS_PER_PAGE, REVIEWS_PER_PAGE
from reviews.models import Review
from tests.factories import (
    BoardFactory,
    LearningItemFactory,
    PublicationFactory,
    ReviewFactory,
    ThemeFactory,
)
from tests.html_forms import form_data, served_form

pytestmark = pytest.mark.django_db
LIST = "/reviews/"


def titles(response):
    """The reviews listed, in order (the headings of the entries)."""
    return re.findall(r'<h2 class="govuk-heading-m govuk-!-margin-bottom-1"><a[^>]*>([^<]+)</a>', response.text)


@pytest.fixture
def reviews(db):
    derby, leics = BoardFactory(slug="derby", name="Derby SCB"), BoardFactory(slug="leics", name="Leics LSCB")
    neglect, cse = ThemeFactory(slug="neglect", name="Neglect"), ThemeFactory(slug="cse", name="CSE")
    report = PublicationFactory(board=derby, slug="derby-report", title="Derby report")
    newsletter = PublicationFactory(board=leics, slug="leics-newsletter", title="Leics newsletter")
    made = {
        "derby-scr": ReviewFactory(
            board=derby,
            slug="derby-scr",
            title="Derby SCRs",
            kind=Review.Kind.SERIOUS_CASE_REVIEW,
            period="2008 – 2014",
            year_from=2008,
            year_to=2014,
            year_reported=2015,
            number_of_children=13,
            categories_of_abuse="**Serious Case Reviews**\n\nPhysical Abuse: 3 cases (4 children)\nNeglect: 1 case",
            summary="Reviews of **four babies** and *nine* children.",
            report_url="http://www.example.org/report.pdf",
            publications=[report],
        ),
        "derby-lr": ReviewFactory(
            board=derby,
            slug="derby-lr",
            title="Derby learning reviews",
            kind=Review.Kind.LEARNING_REVIEW,
            year_from=2010,
            year_to=2012,
            publications=[report],
        ),
        "leics-case": ReviewFactory(
            board=leics,
            slug="leics-case",
            title="Leics case 1",
            kind=Review.Kind.SERIOUS_CASE_REVIEW,
            year_reported=2011,
            categories_of_abuse="Child Sexual Exploitation (CSE)",
            publications=[newsletter],
        ),
        "draft": ReviewFactory(board=derby, slug="draft", title="Draft review", status=Status.DRAFT, year_from=2009),
        "withdrawn": ReviewFactory(
            board=leics, slug="withdrawn", title="Withdrawn review", status=Status.WITHDRAWN, year_reported=2011
        ),
    }
    LearningItemFactory(publication=report, review=made["derby-scr"], themes=[neglect])
    LearningItemFactory(publication=newsletter, review=made["leics-case"], themes=[cse])
    LearningItemFactory(publication=report, review=made["draft"], themes=[cse])
    return made


def test_lists_published_reviews_latest_first_with_their_record(client, reviews):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Derby SCRs", "Derby learning reviews", "Leics case 1"]
    assert "3 reviews" in response.text
    html = response.text
    assert "Serious case review" in html and "Learning review (SILP)" in html  # type
    assert "2008 – 2014" in html and "Reported in 2011" in html and "2010 – 2012" in html  # period
    assert ">13<" in html  # children
    assert "<strong>Serious Case Reviews</strong>" in html  # categories of abuse, rendered
    assert '<p class="govuk-body">Physical Abuse: 3 cases (4 children)</p>' in html  # a line each
    assert "<strong>four babies</strong>" in html and "<em>nine</em>" in html  # summary, rendered
    assert 'href="http://www.example.org/report.pdf"' in html  # report link
    assert "**" not in html


def test_unpublished_reviews_are_never_listed(client, reviews):
    for query in ("", "?board=derby", "?year=2009", "?theme=cse", "?kind=scr", "?board=leics&year=2011"):
        html = client.get(LIST + query).text
        assert "Draft review" not in html and "Withdrawn review" not in html, query
    assert client.get(reverse("learning:review", args=["draft"])).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?board=derby", ["Derby SCRs", "Derby learning reviews"]),
        ("?board=leics", ["Leics case 1"]),
        ("?kind=scr", ["Derby SCRs", "Leics case 1"]),
        ("?kind=learning_review", ["Derby learning reviews"]),
        ("?year=2011", ["Derby SCRs", "Derby learning reviews", "Leics case 1"]),  # in both periods, reported
        ("?year=2013", ["Derby SCRs"]),
        ("?year=2008", ["Derby SCRs"]),
        ("?theme=neglect", ["Derby SCRs"]),
        ("?theme=cse", ["Leics case 1"]),  # the draft review's item does not count
        ("?board=derby&kind=scr", ["Derby SCRs"]),
        ("?board=derby&year=2011&kind=learning_review", ["Derby learning reviews"]),
        ("?board=leics&theme=neglect", []),
        ("?board=&kind=&year=&theme=", ["Derby SCRs", "Derby learning reviews", "Leics case 1"]),
    ],
)
def test_each_filter_and_their_combinations(client, reviews, query, expected):
    response = client.get(LIST + query)
    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "No reviews match" in response.text and "see every review" in response.text


def by_theme(client, slug="neglect"):
    return titles(client.get(LIST + f"?theme={slug}"))


def test_filtering_by_theme_follows_every_change_of_items(client, reviews):
    """Which reviews raised a theme is kept past a change of other items, never past one that
    can alter it: tried in the order an editor might make them, the list asked for after each."""
    neglect = ThemeFactory(slug="neglect")
    derby_item = LearningItem.objects.get(review=reviews["derby-scr"])
    leics_item = LearningItem.objects.get(review=reviews["leics-case"])
    assert by_theme(client) == ["Derby SCRs"]
    LearningItemFactory(text="Elsewhere, no theme.")  # another item: the list is kept
    assert by_theme(client) == ["Derby SCRs"]
    leics_item.themes.add(neglect)  # joins the theme
    assert by_theme(client) == ["Derby SCRs", "Leics case 1"]
    leics_item.status = Status.WITHDRAWN  # withdrawn, still tagged
    leics_item.save()
    assert by_theme(client) == ["Derby SCRs"]
    derby_item.review = reviews["derby-lr"]  # moved to another review
    derby_item.save()
    assert by_theme(client) == ["Derby learning reviews"]
    derby_item.themes.remove(neglect)  # left the theme
    assert by_theme(client) == []


def test_filtering_by_theme_follows_an_item_elsewhere_naming_a_review(client, reviews):
    """Learning that names no review is from every review its publication reports that no item
    names: once an item outside the theme names one, the theme's unnamed learning is not from it."""
    neglect = ThemeFactory(slug="neglect")
    report = reviews["derby-lr"].publications.get()
    LearningItemFactory(publication=report, review=None, themes=[neglect])
    assert by_theme(client) == ["Derby SCRs", "Derby learning reviews"]
    LearningItemFactory(publication=report, review=reviews["derby-lr"])  # no theme
    assert by_theme(client) == ["Derby SCRs"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps no statistics; PostgreSQL plans from its own")
def test_a_reviews_learning_is_counted_through_the_reviews_own_index(reviews):
    """Without statistics SQLite would count a review's learning by kind through (status, kind), so
    through every public item: 370 ms at 300,000 items, against 1 ms through the review's index."""
    from learning.views.sources import review_learning

    counting = review_learning(reviews["derby-scr"]).order_by().values_list("kind").annotate(n=Count("pk"))
    sql, params = counting.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "learning_item_review_kind" in plan, plan


def submitted(client, url, **changes):
    """GET `url`, then send its filter form as a browser would, with some fields changed."""
    form = served_form(client.get(url).text, form_id="review-filters")
    assert form["attrs"]["method"] == "get" and form["attrs"]["action"] == LIST
    return client.get(LIST, form_data(form, **changes))


def test_the_served_form_filters_and_keeps_the_choice(client, reviews):
    response = submitted(client, LIST, board="derby", year="2011")
    assert titles(response) == ["Derby SCRs", "Derby learning reviews"]
    form = served_form(response.text, form_id="review-filters")
    assert dict(form["fields"]) == {"board": "derby", "kind": "", "year": "2011", "theme": ""}
    assert titles(submitted(client, response.request["PATH_INFO"] + "?board=derby&year=2011", kind="scr")) == [
        "Derby SCRs"
    ]
    html = response.text
    years = re.findall(r'<option value="(\d{4})"', html)
    assert years == [str(year) for year in range(2014, 2007, -1)]
    assert '<option value="cse"' in html and '<option value="neglect"' in html
    assert "Clear filters" in html
    assert "2 reviews matching board or partnership “Derby SCB”, year “2011”" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?year=abc", "Choose a year from the list"),
        ("?year=99999999999999999999", "Choose a year from the list"),
        ("?year=2030", "Choose a year from the list"),  # no review has it
        ("?board=nowhere", "Choose a board or partnership from the list"),
        ("?kind=thematic", "Choose a type of review from the list"),  # no published review of that type
        ("?theme=%00", "Choose a theme from the list"),
        ("?theme=" + "x" * 5000, "Choose a theme from the list"),
    ],
)
def test_bad_values_get_a_clear_message_and_the_rest_still_applies(client, reviews, query, message):
    also = "&kind=learning_review" if "board" in query else "&board=leics"
    response = client.get(LIST + query + also)
    assert response.status_code == 400
    html = response.text
    assert "There is a problem" in html and message in html
    assert "govuk-form-group--error" in html
    assert titles(response) == (["Derby learning reviews"] if "board" in query else ["Leics case 1"])


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "99999999999999999999", "1e3", ""])
def test_pagination_and_bad_page_numbers(client, reviews, page):
    board = BoardFactory(slug="many")
    for n in range(REVIEWS_PER_PAGE + 5):
        ReviewFactory(board=board, title=f"Many {n:02d}", year_from=2000, year_to=2000, position=n)
    response = client.get(LIST + f"?board=many&page={page}")
    assert response.status_code == 200
    listed = titles(response)
    if page in ("2", "0", "-1", "99999999999999999999"):  # out of range: the last page (Paginator.get_page)
        assert len(listed) == 5 and "page 2 of 2" in response.text
    else:
        assert len(listed) == REVIEWS_PER_PAGE
    assert '<nav class="govuk-pagination" aria-label="Pages of reviews">' in response.text
    assert "board=many" in re.search(r'<nav class="govuk-pagination".*?</nav>', response.text, re.S).group(0)


def test_no_reviews_yet(client, db):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "0 reviews" in response.text and "No reviews have been published yet." in response.text


def test_the_header_links_to_the_reviews_list(client, reviews):
    html = client.get("/").text
    assert f'href="{LIST}"' in html and ">Reviews</a>" in html
    assert 'aria-current="page">Reviews</a>' in client.get(LIST).text


def test_a_review_page_groups_its_learning_by_kind_in_source_order(client, reviews):
    review, report = reviews["derby-scr"], reviews["derby-scr"].publications.get()
    LearningItemFactory(publication=report, review=review, kind=Kind.GOOD_PRACTICE, position=5, text="Good one.")
    LearningItemFactory(publication=report, review=review, kind=Kind.KEY_LEARNING, position=1, text="First point.")
    LearningItemFactory(publication=report, review=review, kind=Kind.KEY_LEARNING, status=Status.DRAFT, text="Hid.")
    html = client.get(review.get_absolute_url()).text
    headings = re.findall(r'<h3 class="govuk-heading-m" id="kind-(\w+)">', html)
    assert headings == ["key_learning", "good_practice"]
    assert html.index("First point.") < html.index("Practitioners should share") < html.index("Good one.")
    assert "Hid." not in html
    assert "3 items of learning" in html
    assert "<strong>four babies</strong>" in html and "**" not in html


def test_a_review_no_item_names_shows_its_publications_learning(client, reviews):
    """Derby's report names no review for its points: each review it reports shows them."""
    review, report = reviews["derby-lr"], reviews["derby-lr"].publications.get()
    LearningItemFactory(publication=report, review=None, text="Shared learning.")
    html = client.get(review.get_absolute_url()).text
    assert "Shared learning." in html
    assert "without naming one review for each point" in html
    named = client.get(reviews["derby-scr"].get_absolute_url()).text
    assert "Shared learning." not in named  # it has learning of its own


def test_a_review_page_shows_its_record_publications_and_place_in_the_board_history(client, reviews):
    review = reviews["derby-scr"]
    review.keywords = "babies, neglect"
    review.demographic_tables = [
        {"caption": "Gender", "locator": "A.5", "columns": ["Gender", "Children"], "rows": [["Male", "9"]]}
    ]
    review.save()
    html = client.get(review.get_absolute_url()).text
    for shown in ("Derby SCB", "2008 – 2014", "Reported", "2015", ">13<", "babies, neglect", "Derby report"):
        assert shown in html, shown
    assert '<th scope="row" class="govuk-table__header">Male</th>' in html and "(A.5)" in html
    history = re.search(r'<ol class="govuk-list app-review-history__list">(.*?)</ol>', html, re.S).group(1)
    assert history.index("Derby SCRs") < history.index("Derby learning reviews")  # 2008 before 2010
    assert 'aria-current="page"><strong>Derby SCRs</strong>' in history
    assert "Draft review" not in history


def test_a_board_page_lists_its_reviews_in_time_order_and_its_publications(client, reviews):
    html = client.get("/boards/derby/").text
    table = re.search(r'<table class="govuk-table app-board-reviews">(.*?)</table>', html, re.S).group(1)
    assert table.index("Derby SCRs") < table.index("Derby learning reviews")
    assert "Draft review" not in html and "Leics case 1" not in html
    assert "Derby report" in html and 'Reviews <span class="app-count">(2)</span>' in html
    assert "/reviews/?board=derby" in html
    assert client.get("/boards/no-such-board/").status_code == 404


def queries(client, url):
    client.get(url)  # caches warm, as a running site has them
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def many_reviews(board, count, theme):
    report = PublicationFactory(board=board)
    for n in range(count):
        review = ReviewFactory(board=board, year_from=2000 + n % 10, year_to=2001 + n % 10, publications=[report])
        LearningItemFactory(publication=report, review=review, themes=[theme])


def test_the_reviews_list_costs_a_fixed_number_of_queries(client, reviews, django_assert_num_queries):
    theme = ThemeFactory(slug="many-theme")
    many_reviews(BoardFactory(slug="big"), 1, theme)
    small = queries(client, LIST + "?theme=many-theme")
    many_reviews(BoardFactory(slug="big"), 30, theme)
    assert queries(client, LIST + "?theme=many-theme") == small
    assert queries(client, LIST + "?board=big&year=2005&kind=scr&theme=many-theme&page=1") == small
    client.get(LIST)
    with django_assert_num_queries(4):  # content version; count; page of reviews; their publications
        client.get(LIST)


def test_a_review_page_and_a_board_page_cost_a_fixed_number_of_queries(client, reviews):
    theme = ThemeFactory()
    review = reviews["derby-scr"]
    board_page = review.board.get_absolute_url()
    small_review, small_board = queries(client, review.get_absolute_url()), queries(client, board_page)
    many_reviews(review.board, 30, theme)
    report = review.publications.get()
    for n in range(30):
        LearningItemFactory(publication=report, review=review, kind=list(Kind)[n % 4], themes=[theme])
    assert queries(client, review.get_absolute_url()) == small_review
    assert queries(client, board_page) == small_board
    assert small_review <= 10 and small_board <= 5


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "http://a b"])
def test_a_report_link_that_is_not_a_web_address_is_never_a_link(client, reviews, url):
    review = reviews["derby-scr"]
    Review.objects.filter(pk=review.pk).update(report_url=url)
    for page in (LIST, review.get_absolute_url()):
        html = client.get(page).text
        assert "Published report" not in html and 'href="javascript' not in html.lower()
    review.refresh_from_db()
    with pytest.raises(ValidationError):
        review.full_clean()


def test_years_must_make_a_period(reviews):
    review = reviews["derby-lr"]
    review.year_from, review.year_to = 2014, 2010
    with pytest.raises(ValidationError):
        review.full_clean()
    review.year_from, review.year_to = 2012, None
    review.full_clean()
    assert review.year_to == 2012 and review.years == [2012] and review.when == "2012"


def test_a_review_with_more_learning_than_a_page_is_split_into_pages_kind_after_kind(client, reviews):
    """However many items a review gathers, its page shows REVIEW_ITEMS_PER_PAGE of them; the list
    of kinds says how many of each there are in all and links to the page each kind starts on, and
    the pagination's own links (as served) lead to the rest."""
    review, report = reviews["derby-scr"], reviews["derby-scr"].publications.get()
    review_page = review.get_absolute_url()
    existing = len(re.findall(r'<li class="app-item">', client.get(review_page).text))
    for n in range(REVIEW_ITEMS_PER_PAGE):
        LearningItemFactory(publication=report, review=review, kind=Kind.KEY_LEARNING, position=100 + n, text=f"K{n}.")
    for n in range(5):
        LearningItemFactory(
            publication=report, review=review, kind=Kind.WHAT_HAS_CHANGED, position=200 + n, text=f"W{n}."
        )
    total = existing + REVIEW_ITEMS_PER_PAGE + 5

    first = client.get(review_page).text
    assert len(re.findall(r'<li class="app-item">', first)) == REVIEW_ITEMS_PER_PAGE
    assert f"{total} items of learning" in first
    assert f"Page 1 of 2: items 1 to {REVIEW_ITEMS_PER_PAGE}." in first
    changed = re.search(r'<a class="govuk-link" href="([^"]*)#kind-what_has_changed">What has changed</a> \(5\)', first)
    assert changed and changed.group(1) == "?page=2"
    assert "on page 2" in first
    assert '<nav class="govuk-pagination" aria-label="Pages of this review’s learning">' in first

    next_link = re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">', first).group(1)
    second = client.get(review_page + next_link.replace("&amp;", "&")).text
    assert len(re.findall(r'<li class="app-item">', second)) == total - REVIEW_ITEMS_PER_PAGE
    assert "W0." in second and "W4." in second and "W0." not in first
    assert re.search(r'id="kind-what_has_changed">What has changed <span class="app-count">\(5\)', second)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999", "1.5", "%00"])
def test_a_review_page_number_out_of_range_shows_a_page_not_an_error(client, reviews, page):
    response = client.get(reviews["derby-scr"].get_absolute_url() + f"?page={page}")
    assert response.status_code == 200
    assert "Learning from this review" in response.text
