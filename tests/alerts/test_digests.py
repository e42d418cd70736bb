"""send_digests: what is due when, what a digest lists, and never sending one twice."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from alerts.digests import period_of, send_due_digests
from alerts.models import Digest, DigestStatus, Frequency, Subscriber
from core.models import Status
from learning.models import LearningItem
from tests.alerts.backends import BreaksAfter
from tests.alerts.conftest import run_digests
from tests.factories import LearningItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def published(item, when):
    LearningItem.objects.filter(pk=item.pk).update(published_at=when)
    return item


@pytest.fixture
def theme():
    return ThemeFactory(slug="neglect", name="Neglect")


def make_subscribers(confirmed_subscriber, theme, count, frequency=Frequency.WEEKLY, confirmed=None):
    subscribers = [
        confirmed_subscriber(f"reader{n}@example.org", themes=[theme], frequency=frequency) for n in range(count)
    ]
    if confirmed:
        Subscriber.objects.update(confirmed_at=confirmed)
    return subscribers


def test_periods_are_calendar_weeks_and_months_in_the_site_time_zone():
    monday = at(2026, 12, 7, 0, 30)
    assert period_of(Frequency.WEEKLY, monday).key == "2026-W50"
    assert period_of(Frequency.WEEKLY, monday).start == at(2026, 12, 7)
    assert period_of(Frequency.WEEKLY, at(2026, 12, 6, 23, 59)).key == "2026-W49"
    assert period_of(Frequency.MONTHLY, at(2027, 1, 1, 0, 1)).key == "2027-01"
    assert period_of(Frequency.WEEKLY, at(2027, 1, 1)).key == "2026-W53"


def test_weekly_digests_go_each_week_and_monthly_ones_each_month(confirmed_subscriber, theme, outbox):
    weekly = confirmed_subscriber("weekly@example.org", themes=[theme])
    monthly = confirmed_subscriber("monthly@example.org", themes=[theme], frequency=Frequency.MONTHLY)
    Subscriber.objects.update(confirmed_at=at(2026, 11, 20))
    first = published(LearningItemFactory(text="First new point.", themes=[theme]), at(2026, 11, 25))
    run_digests(at(2026, 12, 2, 7))  # a Wednesday: both are due (a new week, a new month)
    assert sorted(m.to[0] for m in outbox) == ["monthly@example.org", "weekly@example.org"]
    assert all(first.text in m.body for m in outbox)

    outbox.clear()
    run_digests(at(2026, 12, 3, 7))  # the same week and month: nothing
    second = published(LearningItemFactory(text="Second new point.", themes=[theme]), at(2026, 12, 5))
    run_digests(at(2026, 12, 6, 7))  # still the same week (Sunday)
    assert outbox == []

    run_digests(at(2026, 12, 7, 7))  # Monday: the weekly one, with only what is new since the last
    [message] = outbox
    assert message.to == ["weekly@example.org"]
    assert second.text in message.body and first.text not in message.body

    outbox.clear()
    third = published(LearningItemFactory(text="Third new point.", themes=[theme]), at(2026, 12, 20))
    run_digests(at(2027, 1, 1, 7))  # a new month, and (ISO) week 53 of 2026: both
    by_address = {m.to[0]: m.body for m in outbox}
    assert len(outbox) == 2
    assert second.text in by_address["monthly@example.org"] and third.text in by_address["monthly@example.org"]
    assert first.text not in by_address["monthly@example.org"]
    assert third.text in by_address["weekly@example.org"] and second.text not in by_address["weekly@example.org"]
    assert Digest.objects.filter(subscriber=weekly, status=DigestStatus.SENT).count() == 3
    assert Digest.objects.filter(subscriber=monthly).count() == 2


def test_the_first_digest_waits_for_the_first_period_after_confirming(confirmed_subscriber, theme, outbox):
    subscriber = confirmed_subscriber(themes=[theme])
    Subscriber.objects.update(confirmed_at=at(2026, 12, 8, 9))  # a Tuesday
    published(LearningItemFactory(themes=[theme]), at(2026, 12, 9))
    run_digests(at(2026, 12, 10, 7))
    assert outbox == [] and not Digest.objects.exists()
    run_digests(at(2026, 12, 14, 7))
    assert [m.to for m in outbox] == [[subscriber.email]]


def test_drafts_withdrawn_items_and_other_themes_are_never_listed(confirmed_subscriber, theme, outbox):
    confirmed_subscriber(themes=[theme])
    shown = LearningItemFactory(text="The published one.", themes=[theme])
    draft = LearningItemFactory(text="A draft point.", themes=[theme], status=Status.DRAFT)
    published(draft, shown.published_at)  # even a draft that somehow has a date
    withdrawn = LearningItemFactory(text="A withdrawn point.", themes=[theme])
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    LearningItemFactory(text="Another theme's point.", themes=[ThemeFactory()])
    run_digests()
    [message] = outbox
    assert "The published one." in message.body
    assert "draft" not in message.body and "withdrawn" not in message.body and "Another theme" not in message.body
    assert Digest.objects.get().item_ids == [shown.pk]


def test_nothing_new_sends_nothing_but_records_the_period(confirmed_subscriber, theme, outbox):
    confirmed_subscriber(themes=[theme])
    output = run_digests()
    assert outbox == [] and "1 with nothing new" in output
    assert Digest.objects.get().status == DigestStatus.EMPTY


def test_running_again_sends_nothing_twice(confirmed_subscriber, theme, outbox):
    make_subscribers(confirmed_subscriber, theme, 3)
    LearningItemFactory(themes=[theme])
    run_digests()
    assert len(outbox) == 3
    output = run_digests()
    assert len(outbox) == 3 and "0 due" in output
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 3


def test_dry_run_sends_and_records_nothing(confirmed_subscriber, theme, outbox):
    make_subscribers(confirmed_subscriber, theme, 2)
    LearningItemFactory(themes=[theme])
    output = run_digests(None, "--dry-run")
    assert "2 would send" in output
    assert outbox == [] and not Digest.objects.exists()


def test_a_run_that_fails_midway_sends_the_rest_next_time_and_nothing_twice(
    confirmed_subscriber, theme, outbox, settings
):
    subscribers = make_subscribers(confirmed_subscriber, theme, 5)
    LearningItemFactory(themes=[theme])
    settings.EMAIL_BACKEND = "tests.alerts.backends.BreaksAfter"
    BreaksAfter.sent, BreaksAfter.after, BreaksAfter.error = 0, 2, ConnectionError("the mail server went away")
    with pytest.raises(CommandError, match="Run the command again"):
        run_digests()
    assert len(outbox) == 2
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 2
    assert Digest.objects.filter(status=DigestStatus.CLAIMED).count() == 0  # the failed claims were given back

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_digests()
    run_digests()
    assert sorted(m.to[0] for m in outbox) == sorted(s.email for s in subscribers)


def test_an_interrupted_run_never_sends_the_one_it_was_sending_again(confirmed_subscriber, theme, outbox, settings):
    make_subscribers(confirmed_subscriber, theme, 5)
    LearningItemFactory(themes=[theme])
    settings.EMAIL_BACKEND = "tests.alerts.backends.BreaksAfter"
    BreaksAfter.sent, BreaksAfter.after, BreaksAfter.error = 0, 2, KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        run_digests()
    assert len(outbox) == 2
    assert Digest.objects.filter(status=DigestStatus.CLAIMED).count() == 1  # may or may not have gone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = run_digests()
    assert "1 left unconfirmed by an interrupted run (not sent again)" in output
    assert len(outbox) == 4
    assert len({m.to[0] for m in outbox}) == 4


def test_a_run_killed_after_sending_but_before_marking_sends_nothing_twice(confirmed_subscriber, theme, outbox):
    make_subscribers(confirmed_subscriber, theme, 3)
    LearningItemFactory(themes=[theme])
    real_update = QuerySet.update

    def killed_while_marking_sent(queryset, **kwargs):
        if kwargs.get("status") == DigestStatus.SENT:
            raise KeyboardInterrupt
        return real_update(queryset, **kwargs)

    with mock.patch.object(QuerySet, "update", killed_while_marking_sent), pytest.raises(KeyboardInterrupt):
        send_due_digests()
    assert len(outbox) == 3
    [summary, _monthly] = send_due_digests()
    assert len(outbox) == 3
    assert summary.interrupted == 3 and summary.due == 0


def test_sending_costs_the_same_number_of_queries_for_10_or_40_subscribers(confirmed_subscriber, theme, outbox):
    themes = [theme, ThemeFactory()]
    for n in range(5):
        LearningItemFactory(themes=themes[: n % 2 + 1])

    def queries_for(count):
        Subscriber.objects.all().delete()
        for n in range(count):
            confirmed_subscriber(f"r{count}-{n}@example.org", themes=themes[: n % 2 + 1])
        with CaptureQueriesContext(connection) as queries:
            send_due_digests(batch_size=1000)
        return len(queries)

    assert queries_for(10) == queries_for(40)
    assert len(outbox) == 50
