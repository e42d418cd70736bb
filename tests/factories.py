"""factory-boy factories for every model."""

import factory
from factory.django import DjangoModelFactory

from core.models import Status
from learning.models import AgeGroup, Audience, GlossaryTerm, Kind, LearningItem, Synonym, Theme
from reviews.models import Board, Publication, Review, Section


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Safeguarding Children Board {n}")
    short_name = factory.Sequence(lambda n: f"SCB {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    area = "Somewhere"


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Review of serious case reviews {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = Publication.Kind.FULL_REPORT
    year = 2015
    status = Status.PUBLISHED


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    publication = factory.SubFactory(PublicationFactory)
    key = factory.Sequence(lambda n: f"section-{n}")
    number = factory.Sequence(lambda n: str(n))
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Case review {n}")
    slug = factory.Sequence(lambda n: f"review-{n}")
    kind = Review.Kind.SERIOUS_CASE_REVIEW
    status = Status.PUBLISHED

    @factory.post_generation
    def publications(self, create, extracted, **kwargs):
        if create and extracted:
            self.publications.set(extracted)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "What this theme covers."
    position = factory.Sequence(lambda n: n)


class AgeGroupFactory(DjangoModelFactory):
    class Meta:
        model = AgeGroup
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Age group {n}")
    slug = factory.Sequence(lambda n: f"age-group-{n}")


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")


class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ["term"]

    term = factory.Sequence(lambda n: f"AB{n}")
    expansion = factory.Sequence(lambda n: f"Alpha beta {n}")


class SynonymFactory(DjangoModelFactory):
    class Meta:
        model = Synonym
        django_get_or_create = ["term"]

    term = factory.Sequence(lambda n: f"word{n}")
    alternatives = "other word"


class LearningItemFactory(DjangoModelFactory):
    class Meta:
        model = LearningItem
        skip_postgeneration_save = True

    publication = factory.SubFactory(PublicationFactory)
    kind = Kind.KEY_LEARNING
    key = factory.Sequence(lambda n: f"item-{n}")
    locator = factory.Sequence(lambda n: chr(ord("a") + n % 26))
    position = factory.Sequence(lambda n: n * 10)
    text = factory.Sequence(lambda n: f"Practitioners should share information about child {n}.")
    status = Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def age_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.age_groups.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
