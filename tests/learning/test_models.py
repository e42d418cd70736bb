import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from core.models import Status
from learning.models import AgeGroup, Audience, GlossaryTerm, Kind, LearningItem, Synonym, Theme
from tests.factories import (
    AgeGroupFactory,
    AudienceFactory,
    GlossaryTermFactory,
    LearningItemFactory,
    PublicationFactory,
    SectionFactory,
    SynonymFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_item_str_shows_locator_and_text():
    section = SectionFactory(number="5")
    item = LearningItemFactory(publication=section.publication, section=section, locator="b", text="Non mobile babies.")
    assert str(item) == "section 5, point b: Non mobile babies."


def test_long_item_str_is_shortened():
    item = LearningItemFactory(locator="", text="word " * 40)
    assert len(str(item)) <= 80
    assert str(item).endswith("…")


def test_citation_names_board_publication_section_and_point():
    publication = PublicationFactory(
        board__short_name="Derby SCB", short_title="Review of SCRs and Learning Reviews 2008–2014"
    )
    section = SectionFactory(publication=publication, number="5")
    point = LearningItemFactory(publication=publication, section=section, locator="b")
    paragraph = LearningItemFactory(publication=publication, section=section, locator="5.13")
    assert point.citation == "Derby SCB, Review of SCRs and Learning Reviews 2008–2014, section 5, point b"
    assert paragraph.citation == "Derby SCB, Review of SCRs and Learning Reviews 2008–2014, paragraph 5.13"


def test_display_text_prefers_the_short_wording():
    leaflet = PublicationFactory()
    item = LearningItemFactory(text="Full wording.", short_text="Short wording.", short_publication=leaflet)
    assert item.display_text == "Short wording."
    assert LearningItemFactory(text="Only wording.").display_text == "Only wording."


def test_short_wording_needs_its_source():
    item = LearningItemFactory.build(text="Full.", short_text="Short.", publication=PublicationFactory())
    with pytest.raises(ValidationError):
        item.clean()


def test_items_are_in_source_order_within_a_publication():
    publication = PublicationFactory()
    second = LearningItemFactory(publication=publication, position=20)
    first = LearningItemFactory(publication=publication, position=10)
    assert list(LearningItem.objects.filter(publication=publication)) == [first, second]


def test_key_is_unique_within_a_publication():
    item = LearningItemFactory(key="5-b")
    LearningItemFactory(key="5-b")  # another publication: fine
    with pytest.raises(IntegrityError):
        LearningItemFactory(publication=item.publication, key="5-b")


def test_natural_keys():
    item = LearningItemFactory(key="5-b")
    assert LearningItem.objects.get_by_natural_key(*item.natural_key()) == item
    theme = ThemeFactory(slug="neglect")
    assert Theme.objects.get_by_natural_key("neglect") == theme
    assert AgeGroup.objects.get_by_natural_key(AgeGroupFactory(slug="school-age").slug).slug == "school-age"
    assert Audience.objects.get_by_natural_key(AudienceFactory(slug="police").slug).slug == "police"
    assert GlossaryTerm.objects.get_by_natural_key(GlossaryTermFactory(term="CSE").term).term == "CSE"
    assert Synonym.objects.get_by_natural_key(SynonymFactory(term="bruise").term).term == "bruise"


def test_published_needs_item_and_publication_published():
    visible = LearningItemFactory()
    LearningItemFactory(status=Status.DRAFT)
    LearningItemFactory(status=Status.WITHDRAWN)
    LearningItemFactory(publication=PublicationFactory(status=Status.DRAFT))
    assert list(LearningItem.objects.published()) == [visible]


def test_named_filters():
    neglect, bruising = ThemeFactory(), ThemeFactory()
    babies = AgeGroupFactory()
    police = AudienceFactory()
    item = LearningItemFactory(themes=[neglect], age_groups=[babies], audiences=[police], kind=Kind.GOOD_PRACTICE)
    LearningItemFactory(themes=[bruising])
    assert list(LearningItem.objects.for_theme(neglect)) == [item]
    assert list(LearningItem.objects.narrowed(age_group=babies)) == [item]
    assert list(LearningItem.objects.narrowed(audience=police)) == [item]
    assert list(LearningItem.objects.of_kind(Kind.GOOD_PRACTICE)) == [item]


def test_theme_item_counts_only_count_published_items():
    theme = ThemeFactory()
    LearningItemFactory(themes=[theme])
    LearningItemFactory(themes=[theme], status=Status.DRAFT)
    assert Theme.objects.with_item_counts().get(pk=theme.pk).item_count == 1


def test_deleting_a_theme_keeps_the_items():
    theme = ThemeFactory()
    item = LearningItemFactory(themes=[theme])
    theme.delete()
    assert LearningItem.objects.filter(pk=item.pk).exists()


def test_section_with_items_cannot_be_deleted():
    section = SectionFactory()
    LearningItemFactory(publication=section.publication, section=section)
    with pytest.raises(ProtectedError):
        section.delete()


def test_synonym_alternative_list_skips_blank_lines():
    synonym = SynonymFactory(alternatives="domestic violence\n\n DV \n")
    assert synonym.alternative_list == ["domestic violence", "DV"]


def test_every_change_is_recorded_in_history():
    item = LearningItemFactory(text="First wording.")
    item.text = "Second wording."
    item.save()
    assert [record.text for record in item.history.all()] == ["Second wording.", "First wording."]
