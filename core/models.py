"""What every content app shares: a publication status and the publishable base (drafts,
a version number for optimistic locking, timestamps), and the content version.

Nothing here knows any content model; `reviews` and `learning` build on it.
"""

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
