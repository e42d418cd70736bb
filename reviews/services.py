"""Multi-step writes for where learning comes from: publishing reviews, withdrawing a
publication. Publishing a publication with its learning items is learning's
(learning/publishing.py), since it checks each item first."""

from django.db import transaction

from core.models import Status
from core.services import change_status


@transaction.atomic
def publish_reviews(reviews):
    """Reviews carry no tags, so any of them may be published."""
    return change_status(reviews, Status.PUBLISHED)


@transaction.atomic
def withdraw_publication(publication):
    """Take a publication (and so all its items) off the public site; nothing is deleted."""
    return change_status([publication], Status.WITHDRAWN)
