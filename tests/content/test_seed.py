"""The five seed publications are in the product complete and word for word."""

import re

import pytest
from django.core.management import call_command

from learning.fidelity import is_faithful, normalise, unfaithful_fields
from learning.models import AgeGroup, Audience, GlossaryTerm, Kind, LearningItem, Theme
from reviews.models import Board, Publication, Review, Section

pytestmark = pytest.mark.django_db

DERBY = "derby-review-2008-2014"
BABIES = "derby-babies-summary"
SCHOOL = "derby-school-age-summary"
DDSCP = "ddscp-school-age-briefing"
LR = "leicestershire-rutland-learning-review-2"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def items(publication, kind=None):
    queryset = LearningItem.objects.filter(publication__slug=publication)
    return queryset.filter(kind=kind) if kind else queryset


def test_boards_and_publications(seeded_db):
    assert set(Board.objects.values_list("name", flat=True)) == {
        "Derby Safeguarding Children Board",
        "Derby and Derbyshire Safeguarding Children Partnership",
        "Leicestershire & Rutland LSCB",
    }
    assert Publication.objects.count() == 5
    kinds = dict(Publication.objects.values_list("slug", "kind"))
    assert kinds == {
        DERBY: "full_report",
        BABIES: "summary_leaflet",
        SCHOOL: "summary_leaflet",
        DDSCP: "briefing",
        LR: "newsletter",
    }
    assert Publication.objects.get(slug=DERBY).date_text == "This report is dated: 03/03/15"
    assert Publication.objects.get(slug=BABIES).date_text == "Published 18/06/15"


def test_every_url_given_is_in_a_source_text(seeded_db):
    for publication in Publication.objects.exclude(url=""):
        sources = " ".join(normalise(p.source_file and open_source(p.source_file)) for p in Publication.objects.all())
        assert publication.url in sources


def open_source(filename):
    from learning.seed import SOURCES_DIR

    return (SOURCES_DIR / filename).read_text(encoding="utf-8")


def test_derby_key_learning_points_have_both_wordings(seeded_db):
    babies = items(DERBY, Kind.KEY_LEARNING).filter(key__startswith="5-")
    school = items(DERBY, Kind.KEY_LEARNING).filter(key__startswith="6-")
    assert sorted(babies.values_list("locator", flat=True)) == list(LETTERS[:19])  # a–s
    assert sorted(school.values_list("locator", flat=True)) == list(LETTERS[:25])  # a–y
    for point in babies:
        assert point.short_text and point.short_publication.slug == BABIES, point.key
        assert point.short_text != point.text or point.locator in "abc"
    for point in school:
        assert point.short_text and point.short_publication.slug == SCHOOL, point.key


def test_the_letter_lost_in_the_babies_leaflet_is_point_l(seeded_db):
    point = items(DERBY).get(key="5-l")
    assert point.short_text.startswith("Strategy meetings minutes should be taken by someone who is not chairing")
    assert "letter" in point.notes.lower()


def test_good_practice_examples(seeded_db):
    locators = sorted(items(DERBY, Kind.GOOD_PRACTICE).values_list("locator", flat=True))
    assert locators == ["5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"]


def test_what_has_changed_entries_and_headings(seeded_db):
    changed = items(DERBY, Kind.WHAT_HAS_CHANGED)
    numbered = {item.locator for item in changed if item.locator}
    assert numbered == {f"5.{n}" for n in range(5, 17)} | {f"6.{n}" for n in range(8, 26)}
    titles = set(changed.values_list("title", flat=True))
    source = open_source("004_7a72fb35b4b18df3.txt")
    bullet_headings = re.findall(r"^- \*\*(.+?)\*\*\s*$", source, re.M)[2:]  # after the two age-group bullets
    assert len(bullet_headings) == 15
    assert set(bullet_headings) <= titles
    assert "Engagement with male carers" in titles
    assert any("Emergency Protection Orders" in title for title in titles)
    assert all(item.title for item in changed)


def test_what_has_changed_figures_appear_in_the_text(seeded_db):
    with_figures = [item for item in items(DERBY, Kind.WHAT_HAS_CHANGED) if item.figures]
    assert len(with_figures) >= 8
    for item in with_figures:
        for figure in item.figures:
            assert figure in item.text, (item.key, figure)
    all_figures = {figure for item in with_figures for figure in item.figures}
    assert {"5090", "325"} <= all_figures


def test_national_findings_stand_beside_points(seeded_db):
    findings = items(DERBY, Kind.NATIONAL_FINDING)
    assert findings.count() == 14
    italic = [f for f in findings if "(DFE RR226)" in f.text]
    assert len(italic) == 12
    assert sum(1 for f in italic if f.follows_id) >= 11
    assert items(DERBY).get(key="5-nf-1").follows.key == "5-d"


def test_key_points_to_remember(seeded_db):
    assert items(BABIES, Kind.KEY_MESSAGE).count() == 7
    assert items(SCHOOL, Kind.KEY_MESSAGE).count() == 6
    assert items(BABIES).get(locator="1").text == "Be persistent;"


def test_partnership_briefing(seeded_db):
    assert Section.objects.filter(publication__slug=DDSCP).count() == 5  # introduction + four themes
    learning = items(DDSCP, Kind.KEY_LEARNING)
    assert learning.count() == 23
    assert all(item.review and item.review.number_of_children == 9 for item in learning)
    guidance = " ".join(items(DDSCP, Kind.GUIDANCE).values_list("text", flat=True))
    for name in ("Threshold", "Early Help Assessment", "Graded Care Profile", "Kooth"):
        assert name in guidance
    assert "http" not in guidance  # the briefing gives no addresses; none is invented
    gang = learning.get(locator="1.1")
    assert "\n- Might a child living in this situation" in gang.text  # sub-bullets kept with their parent


def test_leicestershire_and_rutland(seeded_db):
    cases = Review.objects.filter(slug__startswith="lr-case-")
    assert cases.count() == 3
    recommendations = items(LR, Kind.RECOMMENDATION)
    assert [recommendations.filter(review__slug=case.slug).count() for case in cases.order_by("slug")] == [9, 3, 8]
    assert items(LR, Kind.KEY_MESSAGE).count() == 3
    pitfalls = items(LR, Kind.RESEARCH_FINDING).filter(section__key="ten-pitfalls")
    assert sorted(pitfalls.values_list("locator", flat=True), key=int) == [str(n) for n in range(1, 11)]
    assert "insufficiently explored" in pitfalls.get(locator="3").text  # joined across the page break
    concerns = Section.objects.get(publication__slug=LR, key="concerns")
    assert "0116 2551606" in concerns.introduction


def test_derby_reviews(seeded_db):
    scrs = Review.objects.get(slug="derby-serious-case-reviews-2008-2014")
    learning_reviews = Review.objects.get(slug="derby-learning-reviews-2008-2014")
    overview = Review.objects.get(slug="derby-review-of-reviews-2008-2014")
    assert (scrs.number_of_children, learning_reviews.number_of_children) == (13, 40)
    assert "237" in overview.summary
    assert "Ethnicity" in overview.demographics or "ethnicity" in overview.demographics.lower()


def test_every_item_has_provenance_and_a_theme(seeded_db):
    for item in LearningItem.objects.prefetch_related("themes"):
        assert item.publication_id and item.key, item
        assert item.locator or item.section_id, item.key
        assert 1 <= item.themes.count() <= 4, item.key


def test_every_item_is_word_for_word_in_its_source(seeded_db):
    problems = {
        f"{item.publication.slug}/{item.key}": unfaithful_fields(item)
        for item in LearningItem.objects.select_related("publication", "short_publication")
    }
    assert {key: value for key, value in problems.items() if value} == {}


def test_the_fidelity_check_catches_a_changed_word(seeded_db):
    item = items(DERBY).get(key="5-b")
    assert is_faithful(item.text, item.publication.source_file)
    assert not is_faithful(item.text.replace("significant", "some"), item.publication.source_file)


def test_every_acronym_in_any_item_is_in_the_glossary(seeded_db):
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    known = terms | {term.upper() for term in terms}
    missing = set()
    for text in LearningItem.objects.values_list("text", flat=True):
        for token in re.findall(r"\b[A-Z][A-Z0-9]*[A-Z](?:s|S)?\b", text):
            if token not in known and token.rstrip("sS") not in known:
                missing.add(token)
    assert missing == set()


def test_vocabularies(seeded_db):
    assert 25 <= Theme.objects.count() <= 35
    assert all(theme.description for theme in Theme.objects.all())
    assert set(AgeGroup.objects.values_list("slug", flat=True)) == {"babies-and-pre-school", "school-age"}
    assert Audience.objects.count() == 10
    babies = AgeGroup.objects.get(slug="babies-and-pre-school")
    assert items(DERBY, Kind.KEY_LEARNING).filter(key__startswith="5-", age_groups=babies).count() == 19


def test_loading_twice_changes_nothing(seeded_db):
    def counts():
        return [model.objects.count() for model in (Board, Publication, Section, Review, LearningItem, GlossaryTerm)]

    before = counts()
    texts = dict(LearningItem.objects.values_list("pk", "text"))
    call_command("load_seed", verbosity=0)
    assert counts() == before
    assert dict(LearningItem.objects.values_list("pk", "text")) == texts
