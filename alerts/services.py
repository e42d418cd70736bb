"""Writes of more than one step: signing up, confirming, unsubscribing, deleting."""

from django.db import transaction
from django.utils import timezone

from alerts import emails
from alerts.models import Subscriber, new_key
from learning.models import Theme


def subscribe(email, theme_slugs, search, frequency):
    """Record a sign-up; returns the email to send. The same for an address new or known, so
    the page after it never says which: a new or unconfirmed address (or one that unsubscribed)
    gets a confirmation link and nothing else until it is used; an address already confirmed
    keeps its choices and is told it is subscribed."""
    themes = list(Theme.objects.filter(slug__in=theme_slugs))
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"frequency": frequency, "search": search}
        )
        if not created and subscriber.is_active:
            return emails.already_subscribed(subscriber)
        if not created:
            subscriber.frequency, subscriber.search = frequency, search
            subscriber.confirmed_at = subscriber.unsubscribed_at = None
            subscriber.key = new_key()  # the old links stop working
            subscriber.created = timezone.now()  # unconfirmed sign-ups are deleted a while after this
            subscriber.save()
        subscriber.themes.set(themes)
    return emails.confirmation(subscriber)


def confirm(subscriber):
    """Confirm the address (once); whether this call did it."""
    done = Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    subscriber.refresh_from_db()
    return bool(done)


def unsubscribe(subscriber):
    """Stop every email; the address is deleted ALERTS_UNSUBSCRIBED_DAYS later (or now, on request)."""
    Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
    subscriber.refresh_from_db()


def delete(subscriber):
    """Delete the address, its choices and the record of its digests."""
    subscriber.delete()
