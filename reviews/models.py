"""Where learning comes from: boards, their publications (source documents), the
publications' sections, and the reviews the publications report on.

Every model has a natural key so fixtures stay readable and stable, and content that
is visible to the public carries a publication status.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
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
    def for_board(self, board):
        return self.filter(board=board)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_year(self, year):
        """Reviews of `year`: their period covers it, or, without a period, they were reported then."""
        return self.filter(
            models.Q(year_from__lte=year, year_to__gte=year) | models.Q(year_from__isnull=True, year_reported=year)
        )

    def in_time_order(self):
        """Oldest first: by the period's start, else the year reported; undated ones last."""
        start = Coalesce("year_from", "year_reported")
        return self.order_by(start.asc(nulls_last=True), "year_to", "position", "title")

    def latest_first(self):
        """Newest first: by the period's end, else the year reported; undated ones last."""
        end = Coalesce("year_to", "year_reported")
        return self.order_by(end.desc(nulls_last=True), "board__name", "position", "title", "pk")


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
    area = models.CharField(
        max_length=200, blank=True, help_text="The area the review's children lived in, as the source gives it."
    )
    period = models.CharField(max_length=100, blank=True, help_text='As the source states it, e.g. "2008 – 2014".')
    year_from = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first year of the period, where the source gives one (2008)."
    )
    year_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last year of the period (2014); the same year for a single year."
    )
    year_reported = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The year the publication reporting the review gives (its date), if any. "
        "Lists and filters use it for a review without a period.",
    )
    number_of_children = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="What the sources say about the review, word for word.")
    categories_of_abuse = models.TextField(
        blank=True, help_text="As the source lists them, one per line; **bold** for the source's headings."
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated, in the sources' own words (e.g. a case's heading)."
    )
    report_url = models.CharField(
        max_length=300,
        blank=True,
        help_text="The link to the published report, only where a source gives one (copied exactly).",
    )
    demographics = models.TextField(blank=True, help_text="The board's demographic notes, e.g. Derby Appendix 1.")
    demographic_tables = models.JSONField(
        default=list,
        blank=True,
        help_text='The figures of the demographic notes as tables: a list of {"caption": ..., "locator": "A.6", '
        '"columns": [...], "rows": [[...], ...]}, every cell exactly as the source gives it.',
    )
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

    def clean(self):
        super().clean()
        if self.year_to is None and self.year_from is not None:
            self.year_to = self.year_from
        if self.year_from is not None and self.year_to is not None and self.year_to < self.year_from:
            raise ValidationError({"year_to": "The last year cannot be before the first."})
        if self.year_to is not None and self.year_from is None:
            raise ValidationError({"year_from": "Give the first year too (the same one for a single year)."})
        if self.report_url.strip() and not self.report_link:
            raise ValidationError({"report_url": "Give a web address starting http:// or https://."})
        if not isinstance(self.demographic_tables, list) or not all(
            isinstance(table, dict) and isinstance(table.get("rows", []), list) for table in self.demographic_tables
        ):
            raise ValidationError({"demographic_tables": 'A list of tables, each {"columns": [...], "rows": [...]}.'})

    @property
    def years(self):
        """The years the review belongs to: its period's, else the year it was reported, else none."""
        if self.year_from is not None:
            return list(range(self.year_from, (self.year_to or self.year_from) + 1))
        return [self.year_reported] if self.year_reported else []

    @property
    def when(self):
        """The review's time as a reader sees it: the period as the source gives it, else the years, else
        the year reported."""
        if self.period:
            return self.period
        if self.year_from is not None:
            if self.year_to and self.year_to != self.year_from:
                return f"{self.year_from} – {self.year_to}"
            return str(self.year_from)
        return f"Reported in {self.year_reported}" if self.year_reported else ""

    @property
    def report_link(self):
        """The report link, only if it is a web address (http or https): never a `javascript:` one."""
        url = self.report_url.strip()
        if url.lower().startswith(("http://", "https://")) and not any(char.isspace() for char in url):
            return url
        return ""

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(",") if word.strip()]
