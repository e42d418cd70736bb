"""On the seed content: every public page type has breadcrumbs from the one shared include, and
no served page shows stored markup raw (`**bold**`, `*italic*`); the review records the seeds
give (Derby's period, report link and Appendix 1 figures; Leicestershire's year) are there, and
the data migration fills them in a database that had the seed before the fields existed."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from learning.models import LearningItem, Theme
from reviews.models import Board, Publication, Review

pytestmark = pytest.mark.django_db
BREADCRUMBS = re.compile(
    r'<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">\s*<ol class="govuk-breadcrumbs__list">(.*?)</ol>', re.S
)

# (page type, address or a function of the seed giving one, the crumbs after Home)
PAGE_TYPES = [
    ("themes", "/themes/", []),
    ("theme", lambda: Theme.objects.get(slug="neglect").get_absolute_url(), ["Themes"]),
    ("search", "/learning/?q=neglect", []),
    ("item", lambda: "/learning/derby-review-2008-2014/5-b/", ["Review of SCRs and Learning Reviews 2008–2014"]),
    ("glossary", "/glossary/", []),
    ("publications", "/publications/", []),
    ("publication", "/publications/derby-review-2008-2014/", ["Publications"]),
    ("reviews", "/reviews/", []),
    ("review", "/reviews/lr-case-1-cse/", ["Reviews", "Leicestershire &amp; Rutland LSCB"]),
    ("board", "/boards/derby-scb/", ["Reviews"]),
    ("about", "/about/", []),
    ("accessibility", "/accessibility/", []),
    ("whats-new", "/new/", []),
    ("pack", "/pack/", []),
    ("handout", "/themes/neglect/handout/", ["Themes", "Neglect"]),
    ("briefing", "/themes/neglect/briefing/", None),
]


@pytest.mark.parametrize(("name", "address", "crumbs"), PAGE_TYPES, ids=[row[0] for row in PAGE_TYPES])
def test_every_public_page_type_has_breadcrumbs_from_the_one_include(client, seeded_db, name, address, crumbs):
    url = address() if callable(address) else address
    response = client.get(url)
    assert response.status_code == 200, url
    found = BREADCRUMBS.findall(response.text)
    assert len(found) == 1, f"{name}: {len(found)} breadcrumb trails"
    labels = re.findall(r'class="govuk-breadcrumbs__link" href="[^"]*">([^<]+)</a>', found[0])
    assert labels[0] == "Home"
    if crumbs is not None:
        assert labels[1:] == crumbs, name


def test_the_home_page_is_the_root_of_every_trail(client, seeded_db):
    assert not BREADCRUMBS.search(client.get("/").text)


def public_pages():
    pages = ["/", "/themes/", "/publications/", "/reviews/", "/glossary/", "/about/", "/new/", "/learning/"]
    pages += ["/reviews/?board=derby-scb", "/reviews/?kind=scr", "/reviews/?year=2011", "/reviews/?theme=neglect"]
    pages += [theme.get_absolute_url() for theme in Theme.objects.all()]
    pages += [publication.get_absolute_url() for publication in Publication.objects.published()]
    pages += [review.get_absolute_url() for review in Review.objects.published()]
    pages += [board.get_absolute_url() for board in Board.objects.all()]
    # Item pages: every one with markup in its stored wording.
    marked = LearningItem.objects.published().filter(Q(text__contains="*") | Q(short_text__contains="*"))
    pages += [item.get_absolute_url() for item in marked]
    return pages


def test_no_served_page_shows_stored_markup_raw(client, seeded_db):
    assert Review.objects.filter(categories_of_abuse__contains="**").exists()  # the seed has markup to render
    shown = {}
    for url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        body = re.sub(r"<script.*?</script>", "", response.text, flags=re.S)
        if "**" in body:
            shown[url] = body[body.index("**") - 80 : body.index("**") + 40]
    assert shown == {}


def test_categories_of_abuse_render_as_lines_with_their_headings(client, seeded_db):
    html = client.get("/reviews/derby-serious-case-reviews-2008-2014/").text
    assert "<strong>Serious Case Reviews</strong>" in html
    assert '<p class="govuk-body">Physical Abuse: 3 cases (4 children)</p>' in html
    assert '<p class="govuk-body">Sexual Abuse: 1 case (2 children)</p>' in html


def test_the_seed_review_records(seeded_db):
    scrs = Review.objects.get(slug="derby-serious-case-reviews-2008-2014")
    assert (scrs.area, scrs.year_from, scrs.year_to, scrs.year_reported) == ("Derby", 2008, 2014, 2015)
    assert scrs.report_url == "http://www.derbyscb.org.uk/scb2.asp"
    assert scrs.years == list(range(2008, 2015)) and scrs.when == "2008 – 2014"
    gender, ethnicity = scrs.demographic_tables
    assert gender["rows"] == [["Male", "9"], ["Female", "3"]]
    assert ethnicity["columns"] == ["Ethnic Group", "Derby Population 2011 Census", "Serious Case Reviews"]
    assert ethnicity["rows"][-1] == ["Total", "100%", "13"]
    overview = Review.objects.get(slug="derby-review-of-reviews-2008-2014")
    assert overview.demographic_tables[-1]["rows"][0] == ["Asian or Asian British", "12.5%", "0", "2", "2"]
    assert "White British\t75.3%" not in overview.demographics  # the table is data now, not tab-separated text
    case = Review.objects.get(slug="lr-case-1-cse")
    assert (case.year_from, case.year_reported, case.when, case.years) == (None, 2011, "Reported in 2011", [2011])
    assert case.report_url == "" and case.area == ""  # the newsletter gives neither
    assert Review.objects.get(slug="ddscp-nine-school-age-children").years == []  # undated briefing


def test_the_demographic_tables_are_in_the_source_text(seeded_db):
    text = (Path(settings.BASE_DIR) / "fixtures" / "sources" / "004_7a72fb35b4b18df3.txt").read_text(encoding="utf-8")
    overview = Review.objects.get(slug="derby-review-of-reviews-2008-2014")
    for row in overview.demographic_tables[-1]["rows"]:
        assert re.search(r"\s+".join(re.escape(cell) for cell in row), re.sub(r"</?b>", "", text)), row
    assert "nine were male and three were female" in text


def test_the_data_migration_fills_empty_fields_only(seeded_db):
    from importlib import import_module

    migration = import_module("reviews.migrations.0007_fill_seed_review_records")
    overview = Review.objects.get(slug="derby-review-of-reviews-2008-2014")
    old_notes = overview.demographics + migration.OLD_TABLE_LINES
    Review.objects.filter(slug=overview.slug).update(
        area="", year_from=None, year_to=None, demographic_tables=[], demographics=old_notes, keywords="Staff's words"
    )
    migration.fill(apps, None)
    overview.refresh_from_db()
    assert (overview.area, overview.year_from, overview.year_to) == ("Derby", 2008, 2014)
    assert overview.keywords == "Staff's words"  # filled in by staff: kept
    assert overview.demographics == old_notes[: -len(migration.OLD_TABLE_LINES)]
    assert overview.demographic_tables[-1]["locator"] == "A.6"


def test_the_review_admin_shows_the_record_fields(admin_client, seeded_db):
    review = Review.objects.get(slug="lr-case-1-cse")
    html = admin_client.get(reverse("admin:reviews_review_change", args=[review.pk])).text
    for name in ("area", "year_from", "year_to", "year_reported", "keywords", "report_url", "demographic_tables"):
        assert f'name="{name}"' in html, name
    assert "only where a source gives one" in html
