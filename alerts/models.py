"""Email alerts: who asked for a digest of new learning (the least we need to send it), what
they asked for, and each digest sent, so that none is sent twice.

A subscriber is an email address, a frequency, the themes or saved search chosen and three
dates (signed up, confirmed, unsubscribed). Nothing else about them is kept: no name, no
address they came from, no record of what they opened."""

import secrets

from django.db import models
from django.db.models import Q

from learning.models import Theme


def new_key():
    """A random value signed into every link for one subscriber; replacing it revokes them."""
    return secrets.token_hex(16)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscribers who confirmed their address and have not unsubscribed: the only ones sent digests."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    email = models.EmailField(max_length=254, unique=True, help_text="Kept in lower case.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    search = models.CharField(
        max_length=1000,
        blank=True,
        help_text="A saved search: the query string of a search and filter page (only its search words and filters).",
    )
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(frequency__in=["weekly", "monthly"]), name="alerts_known_frequency"),
        ]

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class DigestStatus(models.TextChoices):
    CLAIMED = "claimed", "Being sent (or a run was interrupted while sending it)"
    SENT = "sent", "Sent"
    EMPTY = "empty", "Nothing new: not sent"


class Digest(models.Model):
    """One subscriber's digest for one period (a week "2026-W49" or a month "2026-12").

    The row is written (claimed) before the email is sent and marked sent after, and a
    subscriber has at most one per period, so no run, repeated or concurrent, sends a period's
    digest twice. The items listed are kept by id (an item deleted later leaves its number)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    period = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=DigestStatus.choices)
    run = models.UUIDField(db_index=True, help_text="The run of send_digests that claimed it.")
    covered_from = models.DateTimeField(help_text="Items first public after this …")
    covered_until = models.DateTimeField(help_text="… and up to this.")
    item_ids = models.JSONField(default=list, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "period"], name="alerts_one_digest_per_period")]

    def __str__(self):
        return f"{self.period} ({self.get_status_display()})"
