"""How long `send_digests` takes for many subscribers, against Django's locmem email backend.

    .venv/bin/python -m benchmarks.digests                       # 10,000 subscribers, SQLite
    .venv/bin/python -m benchmarks.digests --subscribers 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/learning .venv/bin/python -m benchmarks.digests

A throw-away test database (never the real one): the seed content, N confirmed weekly
subscribers (each to one to three themes; one in ten to a saved search as well), 200 items
first public since their last digest; then one timed run that claims, renders, sends and
records every digest, and reports seconds, digests per second and the queries it made.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digests", description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=200)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.test_settings")
    import django

    django.setup()
    from django.core import mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from alerts.digests import send_due_digests
    from alerts.models import Subscriber
    from benchmarks.run import throwaway_database
    from core import versioning
    from learning.models import LearningItem, Theme

    with throwaway_database(), versioning.request_scope():  # setup_test_environment: the locmem backend
        assert "locmem" in django.conf.settings.EMAIL_BACKEND
        rng = random.Random(13)
        themes = list(Theme.objects.values_list("pk", flat=True))
        slugs = list(Theme.objects.values_list("slug", flat=True))
        long_ago = django.utils.timezone.now() - timedelta(days=30)
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"reader{n}@example.org",
                frequency="weekly",
                confirmed_at=long_ago,
                search=f"theme={rng.choice(slugs)}&kind=key_learning" if n % 10 == 0 else "",
            )
            for n in range(options.subscribers)
        )
        through = Subscriber.themes.through
        through.objects.bulk_create(
            through(subscriber_id=pk, theme_id=theme_id)
            for pk in Subscriber.objects.values_list("pk", flat=True)
            for theme_id in rng.sample(themes, rng.randint(1, 3))
        )
        public = list(LearningItem.objects.published().order_by("pk").values_list("pk", flat=True))
        fresh = rng.sample(public, min(options.items, len(public)))
        LearningItem.objects.filter(pk__in=fresh).update(published_at=django.utils.timezone.now() - timedelta(days=1))
        LearningItem.objects.exclude(pk__in=fresh).update(published_at=long_ago - timedelta(days=1))
        mail.outbox = []
        reset_queries()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            [weekly, _monthly] = send_due_digests()
        seconds = time.perf_counter() - started
        sys.stdout.write(
            f"{connection.vendor}: {options.subscribers:,} subscribers, {len(fresh)} new items: "
            f"{weekly.sent:,} digests sent, {weekly.empty:,} with nothing new, in {seconds:.1f} s "
            f"({weekly.sent / seconds:,.0f} a second), {len(queries)} queries; "
            f"{len(mail.outbox):,} emails in the locmem outbox\n"
        )


if __name__ == "__main__":
    main()
