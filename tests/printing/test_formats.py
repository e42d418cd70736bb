"""The one table of formats (printing/formats.py) and the tags and filters each rule has one owner for:
print links given what to print, breadcrumbs from one include, emphasis markers from learning.markup."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

from printing.formats import FORMATS, format_urls
from tests.factories import ThemeFactory

# Every handout's address in every format, as the site has always served them.
HANDOUT_PATHS = {
    "theme_handout": ("/themes/neglect/handout/", "/themes/neglect/handout.pdf", "/themes/neglect/handout.docx"),
    "briefing": ("/themes/neglect/briefing/", "/themes/neglect/briefing.pdf", "/themes/neglect/briefing.docx"),
    "selection_handout": ("/handout/", "/handout.pdf", "/handout.docx"),
    "pack_handout": ("/pack/handout/", "/pack/handout.pdf", "/pack/handout.docx"),
    "shared_pack": ("/pack/share/2-3/", "/pack/share/2-3.pdf", "/pack/share/2-3.docx"),
}
ARGS = {"theme_handout": ["neglect"], "briefing": ["neglect"], "shared_pack": ["2-3"]}


def render(source, **context):
    request = RequestFactory().get("/learning/?theme=neglect&page=2")
    return Template(source).render(Context({"request": request, **context}))


@pytest.mark.parametrize("name", HANDOUT_PATHS)
def test_every_handout_keeps_its_names_and_addresses_in_every_format(name):
    assert tuple(format_urls(name, *ARGS.get(name, [])).values()) == HANDOUT_PATHS[name]
    assert format_urls(name, *ARGS.get(name, []), query="full=1")["pdf"] == f"{HANDOUT_PATHS[name][1]}?full=1"


def test_the_table_names_each_formats_type_and_extension():
    assert [(fmt.key, fmt.extension, fmt.route("handout"), fmt.url_name("x")) for fmt in FORMATS.values()] == [
        ("html", "", "handout/", "x"),
        ("pdf", "pdf", "handout.pdf", "x_pdf"),
        ("docx", "docx", "handout.docx", "x_docx"),
    ]
    assert FORMATS["pdf"].content_type == "application/pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["head", "post", "options"])
def test_handouts_answer_get_only(client, method):
    """As require_GET did: a HEAD would build a PDF only to throw it away."""
    response = getattr(client, method)(reverse("printing:selection_handout_pdf"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"


@pytest.mark.django_db
def test_print_links_on_a_theme_page_say_which_items_they_print():
    theme = ThemeFactory(slug="neglect", name="Neglect")
    whole = render("{% load printing_tags %}{% print_links theme=theme count=3 %}", theme=theme)
    assert 'href="/themes/neglect/handout.pdf"' in whole and 'href="/themes/neglect/briefing.docx"' in whole
    narrowed = render('{% load printing_tags %}{% print_links theme=theme count=2 age_group="babies" %}', theme=theme)
    assert 'href="/handout.docx?theme=neglect&amp;age_group=babies"' in narrowed
    assert "Summary of these 2 items" in narrowed and 'name="age_group" value="babies"' in narrowed
    assert render("{% load printing_tags %}{% print_links theme=theme count=0 %}", theme=theme).strip() == ""


def test_print_links_on_the_list_print_what_it_shows_on_every_page():
    class Result:
        total = 4

    links = render("{% load printing_tags %}{% print_links result=result %}", result=Result())
    assert 'href="/handout.pdf?theme=neglect"' in links and "these 4 results" in links


def test_print_links_show_nothing_when_not_told_what_to_print():
    """No guessing from the page's context: a `theme` or `result` there is not enough."""
    assert render("{% load printing_tags %}{% print_links %}", theme=object(), result=object()).strip() == ""


def test_breadcrumbs_come_from_one_include_after_home():
    html = render('{% load learning_tags %}{% breadcrumbs "/themes/" "Themes" "/themes/neglect/" "Neglect" %}')
    assert html.count('class="govuk-breadcrumbs__list-item"') == 3
    assert '<a class="govuk-breadcrumbs__link" href="/">Home</a>' in html
    assert '<a class="govuk-breadcrumbs__link" href="/themes/neglect/">Neglect</a>' in html
    with pytest.raises(ValueError):
        render('{% load learning_tags %}{% breadcrumbs "/themes/" %}')


def test_emphasis_markers_have_one_pair_of_filters():
    text = "A **bold** and *italic* point with a stray * star"
    plain = render("{% load learning_tags %}{{ text|plain }}", text=text)
    assert plain == "A bold and italic point with a stray * star"
    assert render("{% load learning_tags %}{{ text|strip_markers }}", text=text) == plain.replace("*", "")
    with pytest.raises(TemplateSyntaxError):
        Template("{% load printing_tags %}{{ text|plain }}")
