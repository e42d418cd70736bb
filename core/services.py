"""Status changes that every kind of publishable content shares.

Objects are saved one by one, so each change is recorded in its history (who and when) and
every signal (search index, content version) runs.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core import history, reviewing
from core.models import Status

REASONS = {Status.PUBLISHED: "Published", Status.WITHDRAWN: "Withdrawn", Status.DRAFT: "Made a draft again"}


@dataclass
class Outcome:
    changed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (object, reason)


def set_status(obj, status):
    """Save `obj` with `status`; False when it already had it."""
    if obj.status == status:
        return False
    obj.status = status
    with history.reason(REASONS[status]):
        obj.save()
    reviewing.settle(obj)
    return True


def change_status(objects, status):
    outcome = Outcome()
    for obj in objects:
        if set_status(obj, status):
            outcome.changed.append(obj)
    return outcome


@transaction.atomic
def withdraw(objects):
    """Take objects off the public site; nothing is deleted."""
    return change_status(objects, Status.WITHDRAWN)


@transaction.atomic
def publish(objects):
    """Publish objects that need no checks first (a learning item's are in learning.services)."""
    return change_status(objects, Status.PUBLISHED)
