"""Where learning comes from: boards, their publications (source documents), the
publications' sections, and the reviews the publications report on.

Every model has a natural key so fixtures stay readable and stable, and content that
is visible to the public carries a publication status.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import Publishable, PublishableQuerySet, SlugManager, TimeStamped


class Board(TimeStamped):
    """A safeguarding children board or partnership."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, help_text="For example: Derby SCB.")
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=200, blank=True)
    website = models.CharField(max_length=200, blank=True, help_text="As the publications give it.")
    email = models.EmailField(blank=True)
    contact = models.TextField(blank=True, help_text="Contact details as the publications give them.")

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("learning:board", args=[self.slug])


class PublicationQuerySet(PublishableQuerySet):
    def for_board(self, board):
        return self.filter(board=board)

    def latest_first(self):
        return self.order_by(models.F("published_on").desc(nulls_last=True), "title")


class Publication(Publishable):
    """A source document: a full report, a summary leaflet, a briefing or a newsletter."""

    class Kind(models.TextChoices):
        FULL_REPORT = "full_report", "Full report"
        SUMMARY_LEAFLET = "summary_leaflet", "Summary leaflet"
        BRIEFING = "briefing", "Briefing"
        NEWSLETTER = "newsletter", "Newsletter"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=120, blank=True, help_text="Used in citations.")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_on = models.DateField(null=True, blank=True, help_text="The date the document gives, if any.")
    date_text = models.CharField(
        max_length=100, blank=True, help_text='The date exactly as the document states it, e.g. "dated 03/03/15".'
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    url = models.CharField(max_length=300, blank=True, help_text="Only a link the document itself gives.")
    summary = models.TextField(blank=True, help_text="What the document is, in a sentence or two.")
    introduction = models.TextField(blank=True, help_text="The document's own introduction, word for word.")
    source_file = models.CharField(max_length=100, blank=True, help_text="Source text in fixtures/sources/.")
    notes = models.TextField(blank=True, help_text="Editorial notes, e.g. fixes to extraction noise.")

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board__name", "published_on", "title"]
        permissions = [("publish_publication", "Can publish, withdraw and delete publications")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["reviews.board"]

    def get_absolute_url(self):
        return reverse("learning:publication", args=[self.slug])

    @property
    def citation_title(self):
        return self.short_title or self.title


class SectionManager(models.Manager):
    def get_by_natural_key(self, publication_slug, key):
        return self.get(publication__slug=publication_slug, key=key)


class Section(TimeStamped):
    """A part of a publication, in source order, with its own heading and introduction."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=80, help_text="Stable identifier within the publication.")
    number = models.CharField(max_length=20, blank=True, help_text='The section number the document gives, e.g. "5".')
    title = models.CharField(max_length=300)
    introduction = models.TextField(blank=True, help_text="The section's own introductory text, word for word.")
    position = models.PositiveIntegerField(default=0, help_text="Order within the publication.")

    objects = SectionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["publication", "position"]
        constraints = [models.UniqueConstraint(fields=["publication", "key"], name="unique_section_key")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def natural_key(self):
        return (*self.publication.natural_key(), self.key)

    natural_key.dependencies = ["reviews.publication"]


class ReviewQuerySet(PublishableQuerySet):
    pass


class Review(Publishable):
    """A case review, or a set of reviews analysed together."""

    class Kind(models.TextChoices):
        SERIOUS_CASE_REVIEW = "scr", "Serious case review"
        LEARNING_REVIEW = "learning_review", "Learning review (SILP)"
        PRACTICE_REVIEW = "cspr", "Child safeguarding practice review"
        THEMATIC = "thematic", "Thematic or overview analysis"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="reviews")
    publications = models.ManyToManyField(Publication, related_name="reviews", blank=True)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.CharField(max_length=100, blank=True, help_text='As the source states it, e.g. "2008 – 2014".')
    number_of_children = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="What the sources say about the review, word for word.")
    categories_of_abuse = models.TextField(blank=True)
    demographics = models.TextField(blank=True, help_text="The board's demographic notes, e.g. Derby Appendix 1.")
    position = models.PositiveIntegerField(default=0)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board__name", "position", "title"]
        permissions = [("publish_review", "Can publish, withdraw and delete reviews")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["reviews.board", "reviews.publication"]

    def get_absolute_url(self):
        return reverse("learning:review", args=[self.slug])
