"""What the reviews taught: learning items and the vocabularies used to find them
(themes, age groups, audiences, glossary terms and search synonyms), and the PDFs being imported."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import Publishable, PublishableQuerySet, Status, TermManager, TimeStamped, published
from reviews.models import Publication, Review, Section


def public_items(prefix=""):
    """Q for the learning items the public may see: published items of published publications,
    reached through `prefix` (e.g. "items__"). The one definition of "public"."""
    return published(prefix) & published(f"{prefix}publication__")


class VocabularyQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_item_counts(self):
        """Each entry with the number of published items tagged with it."""
        return self.annotate(item_count=models.Count("items", filter=public_items("items__"), distinct=True))


class Vocabulary(TimeStamped):
    """A managed list entry (theme, age group, audience) with a plain-English description."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="Plain English, for practitioners.")
    position = models.PositiveIntegerField(default=0, help_text="Order in lists.")

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Theme(Vocabulary):
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        pass

    def get_absolute_url(self):
        return reverse("learning:theme", args=[self.slug])


class AgeGroup(Vocabulary):
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        pass


class Audience(Vocabulary):
    """An agency or group of practitioners a learning item speaks to."""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        pass


class TermEntry(TimeStamped):
    """A vocabulary entry found by its term (fixtures use it as the natural key)."""

    objects = TermManager()

    class Meta:
        abstract = True
        ordering = ["term"]

    def natural_key(self):
        return (self.term,)


class GlossaryTerm(TermEntry):
    """An acronym or abbreviation the texts use, with its expansion."""

    term = models.CharField(max_length=40, unique=True, help_text='As written in the texts, e.g. "CSE".')
    expansion = models.CharField(max_length=300, help_text='What it stands for, e.g. "Child sexual exploitation".')
    description = models.TextField(blank=True)
    general = models.BooleanField(
        default=False,
        help_text="A term practitioners use that the publications do not: from general guidance, not a publication.",
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the expansion comes from, e.g. Working Together to Safeguard Children.",
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.term} ({self.expansion})"


class Synonym(TermEntry):
    """Words that should find each other in search, e.g. terms the field renamed over the years."""

    term = models.CharField(max_length=100, unique=True)
    alternatives = models.TextField(help_text="Other words or phrases that mean the same, one per line.")
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the equivalence comes from (everyday usage, a guidance document, …).",
    )

    history = HistoricalRecords()

    def __str__(self):
        return self.term

    @property
    def alternative_list(self):
        return [line.strip() for line in self.alternatives.splitlines() if line.strip()]


class Kind(models.TextChoices):
    KEY_LEARNING = "key_learning", "Key learning point"
    GOOD_PRACTICE = "good_practice", "Good practice"
    WHAT_HAS_CHANGED = "what_has_changed", "What has changed"
    NATIONAL_FINDING = "national_finding", "National finding"
    RECOMMENDATION = "recommendation", "Recommendation for practice"
    KEY_MESSAGE = "key_message", "Key message"
    RESEARCH_FINDING = "research_finding", "Research finding"
    GUIDANCE = "guidance", "Guidance and further information"


KIND_PLURALS = {
    Kind.KEY_LEARNING: "Key learning points",
    Kind.GOOD_PRACTICE: "Good practice",
    Kind.WHAT_HAS_CHANGED: "What has changed",
    Kind.NATIONAL_FINDING: "National findings",
    Kind.RECOMMENDATION: "Recommendations for practice",
    Kind.KEY_MESSAGE: "Key messages",
    Kind.RESEARCH_FINDING: "Research findings",
    Kind.GUIDANCE: "Guidance and further information",
}


# A walk in source order on PostgreSQL: publications in source order, each with its first items
# by position (the LATERAL {inner}, a queryset's own SQL), sorted incrementally so that the LIMIT
# ends the walk. Identifiers only are formatted in (quoted); every value is a bound parameter.
WALK_PUBLICATIONS = """
    SELECT walk_item.walk_id
    FROM (
        SELECT {id}, {date}, {slug} FROM {publications} ORDER BY {date} ASC NULLS LAST, {slug} ASC
    ) AS walk_publication
    CROSS JOIN LATERAL ({inner}) AS walk_item
    ORDER BY walk_publication.{date} ASC NULLS LAST, walk_publication.{slug} ASC,
        walk_item.walk_position ASC, walk_item.walk_id ASC
    LIMIT %s
"""
# first_of_each_kind(walk=True): that walk for each kind (a LATERAL join).
WALK_EACH_KIND = "SELECT walk.walk_id FROM (VALUES {kinds}) AS walk_kind (kind) CROSS JOIN LATERAL ({walk}) AS walk"


class LearningItemQuerySet(PublishableQuerySet):
    def stamp_first_public(self, when=None):
        """Give the public ones not stamped yet their `published_at` (now, or `when`)."""
        return self.filter(public_items(), published_at__isnull=True).update(published_at=when or timezone.now())

    def get_by_natural_key(self, publication_slug, key):
        return self.get(publication__slug=publication_slug, key=key)

    def published(self):
        """Published items of published publications: the only ones the public may see."""
        return self.filter(public_items())

    def narrowed(self, theme=None, age_group=None, audience=None):
        """Items tagged with each of the theme, age group and agency given (objects or slugs;
        None or "" leaves one out): the one narrowing that theme pages, their counts, handouts
        and the pack share."""
        queryset = self
        for field, value in (("themes", theme), ("age_groups", age_group), ("audiences", audience)):
            if value:
                queryset = queryset.filter(**{f"{field}__slug" if isinstance(value, str) else field: value})
        return queryset

    def for_theme(self, theme):
        return self.filter(themes=theme)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_source_order(self):
        return self.order_by("publication__published_on", "publication__slug", "position")

    def first_of_each_kind(self, limit, walk=False):
        """At most `limit` items of each kind, in source order (publication date, publication,
        position), in one query.

        By default every match is ranked (a window function): the cost grows with the matches.
        With `walk` (for a queryset that matches a good share of all items, such as a large
        theme's), PostgreSQL instead walks each kind's items in source order, publication by
        publication (the index on publication, kind and position), and stops at `limit`: the
        cost is about `limit` / (the share of items that match) index probes per kind, whatever
        the corpus's size, but for a sparse queryset it walks every item of a kind."""
        if walk and connections[self.db].vendor == "postgresql":
            return self.filter(pk__in=RawSQL(*self._walk_in_source_order(limit)))  # noqa: S611 - see there
        ordering = [F("publication__published_on").asc(nulls_last=True), "publication__slug", "position", "pk"]
        return self.annotate(kind_rank=Window(RowNumber(), partition_by=[F("kind")], order_by=ordering)).filter(
            kind_rank__lte=limit
        )

    def first_ids_in_source_order(self, limit):
        """The ids of this queryset's first `limit` items in source order (publication date,
        publication, position), as a list. On PostgreSQL they are walked, publication by
        publication (the index on publication and position), so the cost is about `limit` / (the
        share of items that match) index probes, not a sort of every match: for a queryset that
        matches a good share of all items (a browse of the whole corpus, a large theme)."""
        if connections[self.db].vendor != "postgresql":
            return list(self.in_source_order().values_list("pk", flat=True)[:limit])
        sql, params = self._walk_in_source_order(limit, each_kind=False)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _walk_in_source_order(self, limit, each_kind=True):
        """(sql, params) of the ids of the first `limit` of this queryset's items in source order,
        walked publication by publication, and in each by position, until `limit` are found (an
        incremental sort stops the walk); with `each_kind`, the first `limit` of each kind."""
        qn = connections[self.db].ops.quote_name
        publication = Publication._meta
        names = {
            "publications": qn(publication.db_table),
            "id": qn(publication.pk.column),
            "date": qn(publication.get_field("published_on").column),
            "slug": qn(publication.get_field("slug").column),
        }
        # This queryset's items (of the walked kind) in the walked publication (outer columns).
        walked = {"publication_id": RawSQL(f"walk_publication.{names['id']}", ())}  # noqa: S611 - an identifier
        if each_kind:
            walked["kind"] = RawSQL("walk_kind.kind", ())  # noqa: S611 - an identifier
        inner, inner_params = (
            self.filter(**walked)
            .order_by("position", "pk")
            .values(walk_id=F("pk"), walk_position=F("position"))[:limit]
            .query.get_compiler(using=self.db)
            .as_sql()
        )
        walk = WALK_PUBLICATIONS.format(inner=inner, **names)
        if not each_kind:
            return walk, (*inner_params, limit)
        kinds = [kind.value for kind in Kind]
        sql = WALK_EACH_KIND.format(kinds=", ".join(["(%s)"] * len(kinds)), walk=walk)
        return sql, (*kinds, *inner_params, limit)

    def sharing_themes_with(self, item, theme_ids, per_theme):
        """Items other than `item` tagged with any of `theme_ids` (its themes), annotated with
        `shared`: how many of them each has. The candidates are the `per_theme` most recently
        added items of each theme (the index on theme and item), so at most
        len(theme_ids) × per_theme items are looked at, whatever the corpus's size; a theme with
        fewer items has all of them looked at."""
        if not theme_ids:
            return self.none().annotate(shared=Value(0, output_field=IntegerField()))
        through = self.model.themes.through
        windows, params = [], []
        for number, theme_id in enumerate(theme_ids):
            newest = (
                through.objects.filter(theme_id=theme_id)
                .exclude(learningitem_id=item.pk)
                .order_by("-learningitem_id")
                .values(candidate=F("learningitem_id"))[:per_theme]
            )
            sql, window_params = newest.query.get_compiler(using=self.db).as_sql()
            windows.append(f"SELECT candidate FROM ({sql}) AS window_{number}")  # noqa: S608 - compiled queryset
            params.extend(window_params)
        shared = (
            through.objects.filter(learningitem_id=OuterRef("pk"), theme_id__in=theme_ids)
            .order_by()
            .values("learningitem_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        candidates = RawSQL(" UNION ALL ".join(windows), params)  # noqa: S611 - compiled querysets, bound values
        return self.filter(pk__in=candidates).annotate(shared=Subquery(shared, output_field=IntegerField()))

    def kind_counts(self):
        return dict(self.order_by().values_list("kind").annotate(n=models.Count("pk", distinct=True)))

    def with_relations(self):
        return self.select_related("publication__board", "section", "short_publication").prefetch_related(
            "themes", "age_groups", "audiences"
        )


class LearningItem(Publishable):
    """One piece of learning, with the text exactly as its source gives it and its provenance."""

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="items",
        help_text="The document the (full) text comes from.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True, related_name="items")
    review = models.ForeignKey(
        Review,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text="The review this learning comes from, where the source says.",
    )
    key = models.SlugField(max_length=80, help_text="Stable identifier within the publication, e.g. 5-b.")
    locator = models.CharField(
        max_length=40, blank=True, help_text='Where it stands in the source: a letter ("b") or paragraph ("5.13").'
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the publication (source order).")
    title = models.CharField(max_length=300, blank=True, help_text="Heading, where the source gives one.")
    text = models.TextField(help_text="The full wording, exactly as the source gives it.")
    short_text = models.TextField(blank=True, help_text="The short wording from a summary leaflet, if there is one.")
    short_publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="short_items",
        help_text="The summary leaflet the short wording comes from.",
    )
    short_locator = models.CharField(max_length=40, blank=True)
    page = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The page of the source PDF the item starts on (for items imported from a PDF).",
    )
    figures = models.JSONField(default=list, blank=True, help_text="Figures the text reports, e.g. 85.7%.")
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companions",
        help_text="For a national finding: the point it stands beside in the source.",
    )
    themes = models.ManyToManyField(Theme, related_name="items", blank=True)
    age_groups = models.ManyToManyField(AgeGroup, related_name="items", blank=True)
    audiences = models.ManyToManyField(Audience, related_name="items", blank=True)
    source_fixes = models.JSONField(
        default=list,
        blank=True,
        help_text='Fixes to extraction noise, as a list of {"source": ..., "text": ...} pairs.',
    )
    notes = models.TextField(blank=True, help_text="Editorial notes (not shown to the public).")
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was first public on this site (it and its publication published).",
    )

    objects = LearningItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, age_groups, audiences])

    class Meta:
        ordering = ["publication", "position"]
        permissions = [("publish_learningitem", "Can publish, withdraw and delete learning items")]
        constraints = [
            models.UniqueConstraint(fields=["publication", "key"], name="unique_item_key"),
            # A locator names one item of a kind in a section: Derby's point "b" exists in
            # sections 5 and 6; a briefing's point 2.1 also names the guidance it points to.
            models.UniqueConstraint(
                fields=["publication", "section", "kind", "locator"],
                condition=~models.Q(locator=""),
                name="unique_item_locator",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            # A theme page walks each kind's items in source order (first_of_each_kind(walk=True)).
            models.Index(fields=["publication", "kind", "position"], name="learning_item_source_walk"),
            # A browse walks the items in source order (first_ids_in_source_order).
            models.Index(fields=["publication", "position"], name="learning_item_source_order"),
            # What's new, feeds and digests: public items newest first.
            models.Index(fields=["status", "-published_at"], name="learning_item_newest"),
            # A review's learning counted by kind (its page): without it SQLite, which keeps no statistics,
            # counts through (status, kind), every public item (370 ms at 300,000 items, against 1 ms).
            models.Index(fields=["review", "status", "kind"], name="learning_item_review_kind"),
        ]

    def __str__(self):
        label = self.title or self.display_text
        if len(label) > 80:
            label = label[:77].rstrip() + "…"
        return f"{self.citation_locator}: {label}" if self.citation_locator else label

    def save(self, *args, **kwargs):
        if not kwargs.get("raw"):
            self.note_first_public()
        super().save(*args, **kwargs)

    def note_first_public(self):
        """Stamp `published_at` the first time the item is public; it is never moved after."""
        if (
            self.published_at is None
            and self.status == Status.PUBLISHED
            and self.publication.status == Status.PUBLISHED
        ):
            self.published_at = timezone.now()

    def natural_key(self):
        return (*self.publication.natural_key(), self.key)

    natural_key.dependencies = ["reviews.publication", "reviews.section", "reviews.review"]

    def get_absolute_url(self):
        return reverse("learning:item", args=[self.publication.slug, self.key])

    @property
    def is_public(self):
        """Whether the public may see it (as `public_items()` says, for one loaded item)."""
        return self.status == Status.PUBLISHED and self.publication.status == Status.PUBLISHED

    @property
    def shows_short_wording(self):
        """The short wording is public only while the leaflet it comes from is published."""
        if not self.short_text:
            return False
        if self.short_publication_id is None or self.short_publication_id == self.publication_id:
            return True
        return self.short_publication.is_published

    @property
    def display_text(self):
        """The wording a practitioner sees first: the short one where there is one (and its
        leaflet is published)."""
        return self.short_text if self.shows_short_wording else self.text

    @property
    def heading(self):
        """What the item is called: its page's <h1> and <title>, its card's link. Its own title,
        or the first words of the wording shown first (learning/headings.py)."""
        from learning.headings import heading

        return heading(self.title, self.display_text)

    @property
    def citation_locator(self):
        parts = [f"page {self.page}"] if self.page else []
        if self.section and self.section.number:
            parts.append(f"section {self.section.number}")
        if self.locator:
            label = "point" if len(self.locator) <= 2 and self.locator.isalpha() else "paragraph"
            if not (self.section and self.section.number and self.locator.startswith(self.section.number + ".")):
                parts.append(f"{label} {self.locator}")
            else:
                parts = [*parts[: 1 if self.page else 0], f"paragraph {self.locator}"]
        return ", ".join(parts)

    @property
    def citation(self):
        publication = self.publication
        bits = [publication.board.short_name, publication.citation_title]
        if self.citation_locator:
            bits.append(self.citation_locator)
        return ", ".join(bits)

    def clean(self):
        super().clean()
        if self.short_text and not self.short_publication_id:
            raise ValidationError({"short_publication": "Say which document the short wording comes from."})


class ImportJobQuerySet(models.QuerySet):
    def of(self, user):
        """The jobs a user may follow: their own (a superuser's: everyone's)."""
        return self if user.is_superuser else self.filter(created_by=user)


class ImportJob(models.Model):
    """One PDF being read in the background for the importer (learning/import_jobs.py): the file until
    its items are saved, how far the worker has got, and what it found or why it failed."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Reading the PDF"
        DONE = "done", "Ready to check"
        FAILED = "failed", "Failed"
        SAVED = "saved", "Saved as drafts"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    file_name = models.CharField(max_length=255)
    source = models.BinaryField(help_text="The uploaded PDF, kept until its items are saved.")
    options = models.JSONField(default=dict, help_text="The import form's choices: board, publication, age group.")
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True, help_text="The items found and the warnings.")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display().lower()})"

    @property
    def is_working(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self):
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0
