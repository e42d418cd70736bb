"""Searches that found nothing, counted so board staff can see what practitioners look for.

Only the words of the search and the day are kept: no address, no user, no session. A row
not seen for UNANSWERED_DAYS days is deleted the next time one is recorded.
"""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from search.models import UnansweredSearch

UNANSWERED_DAYS = 90


def record_unanswered(raw):
    text = " ".join((raw or "").lower().split())[:200]
    if not text:
        return
    today = timezone.localdate()
    updated = UnansweredSearch.objects.filter(text=text).update(count=F("count") + 1, last_seen=today)
    if not updated:
        UnansweredSearch.objects.get_or_create(text=text, defaults={"first_seen": today, "last_seen": today})
    UnansweredSearch.objects.filter(last_seen__lt=today - timedelta(days=UNANSWERED_DAYS)).delete()
