"""Sending the digests that are due (`manage.py send_digests`).

Periods are calendar weeks (Monday to Sunday, "2026-W49") and months ("2026-12") in the site's
time zone. A confirmed subscriber is due once per period of their frequency, from the first
period that starts after they confirmed. Their digest lists the public items whose
`published_at` (first public on the site) falls after the end of what their last digest covered
(or after they confirmed) and up to the run: in one of their themes, or found by their saved
search. A subscriber with nothing new is sent nothing (the period is recorded as empty, so the
next digest starts where this one ended).

Nothing is sent twice. For each batch of subscribers, a row per subscriber and period is
written (claimed) in one transaction before any email of the batch is sent, under a unique
constraint, and marked sent after; a run that fails while sending marks what it sent and gives
back the claims it had not used, so the next run sends those. A run killed between sending an
email and marking it leaves at most one batch's rows claimed: the next run reports them and does
not send them again (at most once, never twice).

The cost does not grow with queries per subscriber: per batch, one query for their themes and
one for the claims; per run, one for the new items (with their sources and themes) and one per
distinct saved search. Each item's part of the email is rendered once, not once per subscriber.
"""

import textwrap
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from alerts import emails, searches
from alerts.models import Digest, DigestStatus, Frequency, Subscriber
from learning.models import LearningItem, Theme

BATCH_SIZE = 200


@dataclass
class Period:
    frequency: str
    key: str
    start: datetime


def period_of(frequency, now):
    """The week or month (in the site's time zone) that `now` falls in."""
    local = timezone.localtime(now)
    if frequency == Frequency.WEEKLY:
        first_day = local.date() - timedelta(days=local.weekday())
        year, week, _ = local.isocalendar()
        key = f"{year}-W{week:02d}"
    else:
        first_day = local.date().replace(day=1)
        key = f"{first_day.year}-{first_day.month:02d}"
    return Period(frequency, key, timezone.make_aware(datetime.combine(first_day, time.min)))


@dataclass
class Summary:
    frequency: str
    period: str
    due: int = 0
    sent: int = 0
    empty: int = 0
    skipped: int = 0  # claimed by another run, or at the same time
    interrupted: int = 0  # left claimed by an earlier run that stopped while sending: not sent again
    dry_run: bool = False

    def __str__(self):
        verb = "would send" if self.dry_run else "sent"
        text = (
            f"{self.frequency.capitalize()} digests for {self.period}: {self.due} due, "
            f"{self.sent} {verb}, {self.empty} with nothing new"
        )
        if self.skipped:
            text += f", {self.skipped} claimed by another run"
        if self.interrupted:
            text += f"; {self.interrupted} left unconfirmed by an interrupted run (not sent again)"
        return text + "."


class SendingFailed(Exception):
    """Sending stopped on an error; `summaries` says what had been sent."""

    def __init__(self, summaries, error):
        super().__init__(f"Sending stopped: {error!r}")
        self.summaries = summaries


@dataclass
class DueSubscriber:
    pk: int
    email: str
    key: str
    search: str
    since: datetime
    themes: set = field(default_factory=set)


def send_due_digests(now=None, dry_run=False, connection=None, batch_size=BATCH_SIZE):
    """Send every digest due at `now`; returns a Summary per frequency."""
    now = now or timezone.now()
    run = uuid.uuid4()
    summaries = []
    connection = connection or get_connection()
    try:
        for frequency in Frequency.values:
            summary = Summary(frequency, period_of(frequency, now).key, dry_run=dry_run)
            summaries.append(summary)
            _send_period(period_of(frequency, now), now, run, dry_run, connection, batch_size, summary)
    except SendingFailed as failure:
        failure.summaries = summaries
        raise
    finally:
        connection.close()
    return summaries


def due_subscribers(period):
    last_until = Digest.objects.filter(subscriber=OuterRef("pk")).order_by("-covered_until").values("covered_until")
    rows = (
        Subscriber.objects.confirmed()
        .filter(frequency=period.frequency, confirmed_at__lt=period.start)
        .exclude(digests__period=period.key)
        .annotate(last_until=Subquery(last_until[:1]))
        .order_by("pk")
        .values_list("pk", "email", "key", "search", "confirmed_at", "last_until")
    )
    return [
        DueSubscriber(pk, email, key, search, max(filter(None, (confirmed_at, last_until))))
        for pk, email, key, search, confirmed_at, last_until in rows
    ]


def _send_period(period, now, run, dry_run, connection, batch_size, summary):
    summary.interrupted = Digest.objects.filter(
        period=period.key, status=DigestStatus.CLAIMED, subscriber__frequency=period.frequency
    ).count()
    due = due_subscribers(period)
    summary.due = len(due)
    if not due:
        return
    news = News(min(subscriber.since for subscriber in due), now)
    for searched in {subscriber.search for subscriber in due if subscriber.search}:
        news.add_search(searched)
    for start in range(0, len(due), batch_size):
        batch = due[start : start + batch_size]
        _send_batch(batch, period, now, run, dry_run, connection, news, summary)


def _send_batch(batch, period, now, run, dry_run, connection, news, summary):
    by_pk = {subscriber.pk: subscriber for subscriber in batch}
    through = Subscriber.themes.through.objects.filter(subscriber_id__in=by_pk).values_list("subscriber_id", "theme_id")
    for subscriber_id, theme_id in through:
        by_pk[subscriber_id].themes.add(theme_id)
    chosen = {subscriber.pk: news.for_subscriber(subscriber) for subscriber in batch}
    if dry_run:
        summary.sent += sum(1 for items in chosen.values() if items)
        summary.empty += sum(1 for items in chosen.values() if not items)
        return
    rows = [
        Digest(
            subscriber_id=pk,
            period=period.key,
            status=DigestStatus.CLAIMED if items else DigestStatus.EMPTY,
            run=run,
            covered_from=by_pk[pk].since,
            covered_until=now,
            item_ids=[item.pk for item in items],
        )
        for pk, items in chosen.items()
    ]
    with transaction.atomic():
        Digest.objects.bulk_create(rows, ignore_conflicts=True)
        ours = dict(Digest.objects.filter(run=run, subscriber_id__in=by_pk).values_list("subscriber_id", "status"))
    summary.skipped += len(batch) - len(ours)
    summary.empty += sum(1 for status in ours.values() if status == DigestStatus.EMPTY)
    to_send = [pk for pk, status in ours.items() if status == DigestStatus.CLAIMED]
    sent = []
    try:
        for pk in to_send:
            message = news.message(by_pk[pk], chosen[pk], period)
            connection.send_messages([message])
            sent.append(pk)
    except BaseException as error:
        # Give back the claims not used: those never tried, and the one that failed with an
        # error (the backend raised: not sent). One cut short by an interrupt (Ctrl-C, a
        # signal) may have gone: it stays claimed and is not sent again.
        tried = len(sent) + (0 if isinstance(error, Exception) else 1)
        Digest.objects.filter(run=run, subscriber_id__in=to_send[tried:], status=DigestStatus.CLAIMED).delete()
        if isinstance(error, Exception):
            raise SendingFailed([], error) from error
        raise
    finally:
        if sent:
            Digest.objects.filter(run=run, subscriber_id__in=sent).update(
                status=DigestStatus.SENT, sent_at=timezone.now()
            )
            summary.sent += len(sent)


class News:
    """The items first public in a window (newest first), fetched once for a run, with each
    item's part of the email rendered once; and which of them each saved search finds."""

    def __init__(self, since, until):
        self.window = LearningItem.objects.published().filter(published_at__gt=since, published_at__lte=until)
        self.items = list(
            self.window.select_related("publication__board", "section", "short_publication")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")
        )
        self.by_theme = defaultdict(list)
        for item in self.items:
            for theme in item.themes.all():
                self.by_theme[theme.pk].append(item)
        self.found = {}
        self.theme_names = dict(Theme.objects.values_list("pk", "name"))
        self.descriptions = {}
        self.parts = {}

    def add_search(self, searched):
        try:
            ids = set(searches.matching(searched, self.window).values_list("pk", flat=True))
        except Exception:  # a saved search this version of the site can no longer run finds nothing
            ids = set()
        self.found[searched] = ids
        self.descriptions[searched] = searches.describe(searched)

    def for_subscriber(self, subscriber):
        """The new items for one subscriber, newest first."""
        chosen = {}
        for theme_id in subscriber.themes:
            for item in self.by_theme.get(theme_id, ()):
                if item.published_at > subscriber.since:
                    chosen[item.pk] = item
        found = self.found.get(subscriber.search, ())
        if found:
            for item in self.items:
                if item.pk in found and item.published_at > subscriber.since:
                    chosen[item.pk] = item
        return sorted(chosen.values(), key=lambda item: (item.published_at, item.pk), reverse=True)

    def part(self, item):
        """(text, html) of one item in a digest, rendered once per run."""
        if item.pk not in self.parts:
            context = {"item": item, "url": emails.absolute(item.get_absolute_url())}
            text = render_to_string("alerts/email/item.txt", context).strip()
            html = render_to_string("alerts/email/item.html", context)
            self.parts[item.pk] = (
                "\n".join(wrapped(line, 76) for line in text.splitlines()),
                mark_safe("\n".join(wrapped(line, 900) for line in html.splitlines())),  # noqa: S308 - rendered
            )
        return self.parts[item.pk]

    def message(self, subscriber, items, period):
        shown = items[: settings.ALERTS_DIGEST_MAX_ITEMS]
        parts = [self.part(item) for item in shown]
        count = len(items)
        noun = "week" if period.frequency == Frequency.WEEKLY else "month"
        subject = f"{settings.SITE_NAME}: {count} new item{'s' if count != 1 else ''} of learning"
        context = {
            # Joined here, not looped over in the template: one string per email, whatever its length.
            "items_text": "\n\n".join(f"{n}. {text}" for n, (text, _html) in enumerate(parts, 1)),
            "items_html": mark_safe("\n".join(html for _text, html in parts)),  # noqa: S308 - rendered parts
            "count": count,
            "more": count - len(shown),
            "noun": noun,
            "since": subscriber.since,
            "themes": sorted(self.theme_names[pk] for pk in subscriber.themes if pk in self.theme_names),
            "search": self.descriptions.get(subscriber.search, []),
            "search_url": emails.absolute(reverse("learning:item_list")) + "?" + subscriber.search
            if subscriber.search
            else "",
        }
        return emails.build(
            subscriber.email, subject, "digest", context, emails.links_for(subscriber.pk, subscriber.key)
        )


def wrapped(line, width):
    """A line broken at spaces into lines of at most `width` characters (where it can be): plain
    text reads better so, and no line of either part nears the 998-character limit that would
    make the email quoted-printable (slower to build, larger)."""
    if len(line) <= width:
        return line
    return textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)


def purge(now=None):
    """Delete what is no longer needed: sign-ups never confirmed within ALERTS_CONFIRM_DAYS, and
    addresses unsubscribed more than ALERTS_UNSUBSCRIBED_DAYS ago (with their digest records).
    Returns how many subscribers were deleted."""
    now = now or timezone.now()
    unconfirmed = Subscriber.objects.filter(
        confirmed_at__isnull=True, created__lt=now - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    )
    unsubscribed = Subscriber.objects.filter(
        unsubscribed_at__lt=now - timedelta(days=settings.ALERTS_UNSUBSCRIBED_DAYS)
    )
    deleted = 0
    for queryset in (unconfirmed, unsubscribed):
        deleted += queryset.delete()[1].get(Subscriber._meta.label, 0)
    return deleted
