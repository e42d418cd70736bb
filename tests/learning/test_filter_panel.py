"""The list page's filter panel as served: one GOV.UK fieldset of small checkboxes per facet,
labelled with counts, the chosen options ticked, and the button that applies them."""

from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from learning.filters import ItemFilterSet
from learning.models import Kind, LearningItem
from learning.search_index import rebuild
from learning.selectors import PANEL_ORDER as FACET_FIELDS
from learning.selectors import facet_choices
from tests.factories import AgeGroupFactory, AudienceFactory, LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("learning:item_list")
# The facets that matter first, open; the long lists after them, folded (PANEL_ORDER).
LEGENDS = ["Age group", "Kind of learning", "Agency", "Theme", "Board or partnership", "Publication", "Year"]
APPLY = '<button name="apply" class="govuk-button" id="id_apply" data-module="govuk-button">Apply filters</button>'


@pytest.fixture
def site(db):
    neglect = ThemeFactory(slug="neglect", name="Neglect")
    bruising = ThemeFactory(slug="bruising", name="Physical abuse and bruising")
    babies = AgeGroupFactory(slug="babies", name="Babies")
    school = AgeGroupFactory(slug="school-age", name="School age")
    police = AudienceFactory(slug="police", name="Police")
    health = AudienceFactory(slug="health", name="Health")
    report = PublicationFactory(slug="derby-report", title="Review of SCRs", board__slug="derby", year=2015)
    newsletter = PublicationFactory(slug="lr-newsletter", title="Learning Review 2", board__slug="lr", year=2011)
    LearningItemFactory(
        publication=report,
        key="a",
        text="Neglect of a baby with bruising.",
        themes=[neglect, bruising],
        age_groups=[babies],
        audiences=[health],
    )
    LearningItemFactory(
        publication=newsletter,
        key="b",
        kind=Kind.RECOMMENDATION,
        text="Share information about neglect with the police.",
        themes=[neglect],
        age_groups=[school],
        audiences=[police],
    )
    LearningItemFactory(
        publication=report, key="c", text="Bruising and neglect in a toddler.", themes=[bruising], age_groups=[babies]
    )
    rebuild()


class _Panel(HTMLParser):
    """The filter panel's fieldsets: legend, and each checkbox with its label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fieldsets, self.labels, self._in = [], {}, None
        self._label_for = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset":
            self.fieldsets.append({"legend": "", "inputs": []})
        elif tag == "legend":
            self._in = "legend"
        elif tag == "input" and attrs.get("type") == "checkbox" and self.fieldsets:
            self.fieldsets[-1]["inputs"].append(attrs)
        elif tag == "label" and "for" in attrs:
            self._label_for = attrs["for"]
            self.labels[self._label_for] = ""

    def handle_endtag(self, tag):
        if tag == "legend":
            self._in = None
        elif tag == "label":
            self._label_for = None

    def handle_data(self, data):
        if self._in == "legend":
            self.fieldsets[-1]["legend"] += data.strip()
        elif self._label_for:
            self.labels[self._label_for] += data


def panel_of(html):
    start = html.index('<div class="app-filter-panel" id="filter-panel"')
    parser = _Panel()
    parser.feed(html[start : html.index('id="id_apply"', start)])
    return parser


def options(fieldset, panel):
    return [(box["value"], panel.labels[box["id"]].strip(), "checked" in box) for box in fieldset["inputs"]]


def test_the_panel_has_a_fieldset_per_facet_the_chosen_theme_ticked_and_counts(client, site):
    html = client.get(LIST, {"q": "neglect", "theme": "neglect"}).content.decode()
    panel = panel_of(html)
    assert [fieldset["legend"] for fieldset in panel.fieldsets] == LEGENDS
    for name, fieldset in zip(FACET_FIELDS, panel.fieldsets, strict=True):
        assert fieldset["inputs"], name  # every facet offers options for this search
        assert {box["name"] for box in fieldset["inputs"]} == {name}
        assert [box["id"] for box in fieldset["inputs"]] == [
            f"id_{name}_{n}" for n in range(1, len(fieldset["inputs"]) + 1)
        ]
        assert all(box["class"] == "govuk-checkboxes__input" for box in fieldset["inputs"])
    by_facet = dict(zip(FACET_FIELDS, panel.fieldsets, strict=True))
    # Theme counts leave the theme filter out (choosing bruising too adds item c); the others apply it.
    assert options(by_facet["theme"], panel) == [
        ("neglect", "Neglect (2)", True),
        ("bruising", "Physical abuse and bruising (2)", False),
    ]
    assert options(by_facet["age_group"], panel) == [
        ("babies", "Babies (1)", False),
        ("school-age", "School age (1)", False),
    ]
    assert options(by_facet["kind"], panel) == [
        ("key_learning", "Key learning point (1)", False),
        ("recommendation", "Recommendation for practice (1)", False),
    ]
    assert {value for value, *_ in options(by_facet["board"], panel)} == {"derby", "lr"}
    assert {value for value, *_ in options(by_facet["publication"], panel)} == {"derby-report", "lr-newsletter"}
    assert options(by_facet["year"], panel) == [("2015", "2015 (1)", False), ("2011", "2011 (1)", False)]
    checked = [box["value"] for fieldset in panel.fieldsets for box in fieldset["inputs"] if "checked" in box]
    assert checked == ["neglect"]
    assert APPLY in html
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
    assert 'class="govuk-fieldset__legend govuk-fieldset__legend--s"' in html


def test_a_chosen_option_with_no_results_stays_ticked_with_a_zero_count(client, site):
    panel = panel_of(client.get(LIST, {"q": "police", "theme": "bruising"}).content.decode())
    theme = panel.fieldsets[FACET_FIELDS.index("theme")]
    assert options(theme, panel) == [
        ("neglect", "Neglect (1)", False),
        ("bruising", "Physical abuse and bruising (0)", True),
    ]
    others = [fieldset for fieldset in panel.fieldsets if fieldset is not theme]
    assert all(not fieldset["inputs"] for fieldset in others)  # nothing else gives results


def test_stored_labels_are_escaped(client, site):
    hostile = PublicationFactory(slug="hostile", title='<b onclick="x()">Bold</b> & co', board__name="<i>Board</i>")
    LearningItemFactory(publication=hostile, key="d", themes=[ThemeFactory(name="<script>alert(1)</script>")])
    html = client.get(LIST).content.decode()
    assert "&lt;b onclick=&quot;x()&quot;&gt;Bold&lt;/b&gt; &amp; co (1)</label>" in html
    assert "&lt;i&gt;Board&lt;/i&gt; (1)</label>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (1)</label>" in html
    assert '<b onclick="x()">' not in html and "<i>Board" not in html and "<script>alert" not in html


def test_a_filter_error_is_shown_on_its_fieldset(site):
    """The page drops unknown values before the FilterSet sees them; given one, the panel still
    says so, as the form's own rendering did."""
    filterset = ItemFilterSet(QueryDict("year=1800&theme=neglect"), queryset=LearningItem.objects.published())
    assert not filterset.form.is_valid()
    html = render_to_string("learning/includes/filter_panel.html", {"facets": facet_choices(filterset, {})})
    assert '<div id="div_id_year" class="govuk-form-group app-facet govuk-form-group--error"' in html
    assert 'aria-describedby="id_year_1_error"' in html
    assert '<span id="id_year_1_error" class="govuk-error-message">' in html
    assert 'value="neglect" id="id_theme_1" checked>' in html
