"""No stored value runs script: hostile text in every stored field, on every page that shows it.

Board staff type (or import) every stored field, and one careless paste or a compromised
account must not put script on the public site. Every text field of every content model is
filled with markup meant to break out of an element or an attribute; then every public page
type, handout and briefing is read as a browser's parser would read it, and no element may
carry an event handler, a script, or a javascript: link.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from learning.models import GlossaryTerm, LearningItem
from reviews.models import Board, Publication, Review, Section
from tests import factories

pytestmark = pytest.mark.django_db

# The glossary expansion that once ran script from inside a link (issue: defect 2).
ATTRIBUTE_BREAKOUT = "x tabindex=1 autofocus onfocus=alert(document.domain) x"
PAYLOADS = [
    '"><script>alert(1)</script>',
    "' onmouseover=alert(2) x='",
    '" onfocus="alert(3)" autofocus="',
    "<img src=x onerror=alert(4)>",
    "javascript:alert(5)",
    "**<b onclick=alert(6)>bold</b>** *<i onclick=alert(7)>it</i>*",
]
SKIPPED_FIELDS = {"slug", "key", "term", "status", "kind", "source_file", "locator", "short_locator", "email"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            is_link = name in {"href", "src", "action", "formaction"}
            if is_link and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "autofocus" and tag not in {"input", "textarea", "select"}:
                self.problems.append(f"<{tag} autofocus>")
        if tag in {"script", "iframe", "object", "embed"} and not dict(attrs).get("src"):
            self.problems.append(f"<{tag}> without src")

    def handle_data(self, data):
        pass


def unsafe_markup(html):
    parser = _Elements()
    parser.feed(html)
    return parser.problems


def text_fields(model):
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and field.name not in SKIPPED_FIELDS
    ]


def fill(obj, payload):
    for field in text_fields(type(obj)):
        limit = field.max_length or 10_000
        value = f"{payload} {field.name} ZQAB https://example.org/ZQAB?a=1&b=2"
        setattr(obj, field.name, value[:limit])
    obj.save()


@pytest.fixture(params=range(len(PAYLOADS)), ids=[f"payload{i}" for i in range(len(PAYLOADS))])
def hostile_site(request):
    payload = PAYLOADS[request.param]
    GlossaryTerm.objects.create(term="ZQAB", expansion=ATTRIBUTE_BREAKOUT)
    theme = factories.ThemeFactory(slug="hostile-theme")
    age = factories.AgeGroupFactory(slug="hostile-age")
    audience = factories.AudienceFactory(slug="hostile-agency")
    board = factories.BoardFactory(slug="hostile-board")
    publication = factories.PublicationFactory(board=board, slug="hostile-publication")
    section = factories.SectionFactory(publication=publication, key="hostile-section")
    review = factories.ReviewFactory(board=board, slug="hostile-review", publications=[publication])
    item = factories.LearningItemFactory(
        publication=publication,
        section=section,
        review=review,
        key="hostile-item",
        short_publication=publication,
        themes=[theme],
        age_groups=[age],
        audiences=[audience],
    )
    factories.GlossaryTermFactory(term="ZQAC")
    for obj in (theme, age, audience, board, publication, section, review, item, *GlossaryTerm.objects.all()):
        fill(obj, payload)
    for obj in factories.SynonymFactory.create_batch(1):
        fill(obj, payload)
    return item


def public_pages(item):
    theme, publication = item.themes.get(), item.publication
    query = "ZQAB alert"
    return [
        reverse("home"),
        reverse("about"),
        reverse("learning:theme_list"),
        reverse("learning:theme", args=[theme.slug]),
        reverse("learning:item_list"),
        reverse("learning:item_list") + f"?q={query}",
        reverse("learning:item_list") + f"?theme={theme.slug}",
        item.get_absolute_url(),
        reverse("learning:glossary"),
        reverse("learning:publication_list"),
        publication.get_absolute_url(),
        publication.board.get_absolute_url(),
        item.review.get_absolute_url(),
        reverse("printing:theme_handout", args=[theme.slug]) + "?full=1",
        reverse("printing:briefing", args=[theme.slug]),
        reverse("printing:selection_handout") + f"?q={query}",
    ]


def test_no_stored_value_becomes_markup_on_any_page(client, hostile_site):
    item = hostile_site
    client.post(reverse("printing:pack_add"), {"item": item.pk})
    pages = [*public_pages(item), reverse("printing:pack"), reverse("printing:pack_handout")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not unsafe_markup(html), (url, unsafe_markup(html))
        assert "<abbr" not in html.split("https://example.org/", 1)[-1].split('"', 1)[0], url


def test_a_glossary_term_inside_a_web_address_stays_part_of_the_link(client):
    GlossaryTerm.objects.create(term="ZQAB", expansion=ATTRIBUTE_BREAKOUT)
    text = "See https://example.org/ZQAB now; ZQAB."
    item = factories.LearningItemFactory(themes=[factories.ThemeFactory()], text=text)
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="https://example.org/ZQAB">https://example.org/ZQAB</a>' in html
    # the word outside the link is marked (a link to its glossary entry, learning/glossary.py term_html)
    marked = f'<abbr title="{ATTRIBUTE_BREAKOUT}">ZQAB</abbr><span class="govuk-visually-hidden">, what it means</span>'
    assert marked + "</a>." in html
    assert not unsafe_markup(html)


def test_the_models_filled_are_all_that_reach_pages():
    """A new content model must be added to the hostile site above."""
    covered = {Board, Publication, Section, Review, LearningItem, GlossaryTerm}
    content = set(apps.get_app_config("reviews").get_models()) | set(apps.get_app_config("learning").get_models())
    vocabularies = {model for model in content if model.__name__ in {"Theme", "AgeGroup", "Audience", "Synonym"}}
    historical = {model for model in content if model.__name__.startswith("Historical")}
    staff_only = {model for model in content if model.__name__ == "ImportJob"}  # tests/staff/test_import_jobs.py
    assert content - historical - vocabularies - staff_only == covered
