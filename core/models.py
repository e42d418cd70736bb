"""What every content app shares: a publication status and the publishable base (drafts,
a version number for optimistic locking, timestamps), and the content version.

Nothing here knows any content model; `reviews` and `learning` build on it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ContentVersion(models.Model):
    """One row: a number that goes up by one whenever any public content changes.

    Kept in the database (not in a process's memory), so every server process sees a change
    made through any other the moment it is committed, and drops whatever it cached for the
    old number."""

    number = models.BigIntegerField(default=1)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"Content version {self.number}"


class ContentChange(models.Model):
    """What one move of the content version was about: the indexed items it touched, or, with
    no `item`, anything (a bulk write, a review, a vocabulary). Written in the same transaction
    as the move, so a value cached under an earlier version can be kept when none of the items
    changed since can alter it (`versioning.kept_unless_touched`)."""

    number = models.BigIntegerField(db_index=True, help_text="The content version this change moved it to.")
    item = models.BigIntegerField(null=True, blank=True, help_text="The id of the item touched; empty: any.")

    class Meta:
        verbose_name = "content change"

    def __str__(self):
        return f"Content version {self.number}: {'item ' + str(self.item) if self.item else 'anything'}"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class TimeStamped(models.Model):
    # Defaults rather than auto_now so that fixtures (raw saves) load cleanly.
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not kwargs.get("raw"):
            self.updated = timezone.now()
            if self.pk and hasattr(self, "version"):
                self.version += 1
        super().save(*args, **kwargs)


def published(prefix=""):
    """Q for published objects, reached through `prefix` (e.g. "publications__")."""
    return models.Q(**{f"{prefix}status": Status.PUBLISHED})


class PublishableQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(published())

    def drafts(self):
        return self.filter(status=Status.DRAFT)


class Publishable(TimeStamped):
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published content is shown on the public site. Drafts and withdrawn content are not.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up by one on every save, so two editors cannot overwrite each other."
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class SlugManager(models.Manager):
    """Finds objects by their one-field natural key (fixtures use natural keys)."""

    key_field = "slug"

    def get_by_natural_key(self, key):
        return self.get(**{self.key_field: key})


class TermManager(SlugManager):
    key_field = "term"


class ReviewState(models.TextChoices):
    WAITING = "waiting", "Waiting for review"
    SENT_BACK = "sent_back", "Sent back"
    PUBLISHED = "published", "Published"
    RESENT = "resent", "Sent for review again"
    WITHDRAWN = "withdrawn", "Withdrawn instead"


class ReviewRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=ReviewState.WAITING)

    def sent_back(self):
        return self.filter(state=ReviewState.SENT_BACK)

    def open(self):
        """Waiting or sent back: what someone still has to act on."""
        return self.filter(state__in=[ReviewState.WAITING, ReviewState.SENT_BACK])

    def of(self, obj):
        """The requests about one object (any model), newest first."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).order_by(
            "-requested_at", "-pk"
        )


class ReviewRequest(models.Model):
    """An Editor's draft waiting for a Publisher: one row per time it is sent for review, kept
    after the decision so the queue can list what was sent back, with the Publisher's comment.

    Generic (a content type and id), so core knows no content model; the rules of who may do
    what, and the steps, are in core/reviewing.py."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300, help_text="What the object was called when it was sent.")
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.WAITING, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_decisions"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="Why it was sent back, in the Publisher's words.")

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "review queue"
        verbose_name_plural = "review queue"
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="review_request_object")]

    def __str__(self):
        return f"{self.label} ({self.get_state_display().lower()})"

    @property
    def target(self):
        """The object under review, or None if it has been deleted since."""
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None
