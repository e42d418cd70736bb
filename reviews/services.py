"""Multi-step writes for board staff: publishing and withdrawing content.

Each function runs in one transaction and saves object by object, so every change is
recorded in the history (who and when) and the search index stays in step.
"""

from dataclasses import dataclass, field

from django.db import transaction

from reviews.models import Status


class PublishError(Exception):
    """Publishing was refused; nothing was saved. `problems` says why, item by item."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass
class Outcome:
    changed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (object, reason)


def publish_problems(item):
    """Why a learning item may not be published yet (empty when it may)."""
    problems = []
    if not item.themes.exists():
        problems.append("it has no theme")
    if not item.publication_id or not (item.locator or item.section_id):
        problems.append("it does not say where in its publication it comes from (add a locator or section)")
    if not item.text.strip():
        problems.append("it has no text")
    return problems


def _set_status(obj, status):
    if obj.status == status:
        return False
    obj.status = status
    obj.save()
    return True


@transaction.atomic
def publish_items(items):
    """Publish the items that are ready; skip (and report) the ones that are not."""
    outcome = Outcome()
    for item in items:
        problems = publish_problems(item)
        if problems:
            outcome.skipped.append((item, "; ".join(problems)))
        elif _set_status(item, Status.PUBLISHED):
            outcome.changed.append(item)
    return outcome


def _change_status(objects, status):
    outcome = Outcome()
    for obj in objects:
        if _set_status(obj, status):
            outcome.changed.append(obj)
    return outcome


@transaction.atomic
def publish_reviews(reviews):
    """Reviews carry no tags, so any of them may be published."""
    return _change_status(reviews, Status.PUBLISHED)


@transaction.atomic
def withdraw_items(items):
    return _change_status(items, Status.WITHDRAWN)


@transaction.atomic
def publish_publication(publication):
    """Publish a publication and all its draft items in one step, or nothing at all.

    Withdrawn items stay withdrawn: publishing the document again does not bring back
    learning that staff took down on purpose.
    """
    drafts = list(publication.items.filter(status=Status.DRAFT).prefetch_related("themes"))
    problems = [(item, "; ".join(reasons)) for item in drafts if (reasons := publish_problems(item))]
    if problems:
        raise PublishError(f"“{publication}” was not published: {len(problems)} of its items are not ready.", problems)
    outcome = Outcome()
    if _set_status(publication, Status.PUBLISHED):
        outcome.changed.append(publication)
    for item in drafts:
        _set_status(item, Status.PUBLISHED)
        outcome.changed.append(item)
    return outcome


@transaction.atomic
def withdraw_publication(publication):
    """Take a publication (and so all its items) off the public site; nothing is deleted."""
    return _change_status([publication], Status.WITHDRAWN)


@transaction.atomic
def add_theme(items, theme):
    outcome = Outcome()
    for item in items:
        if not item.themes.filter(pk=theme.pk).exists():
            item.themes.add(theme)
            item.save()  # records the change in the item's history
            outcome.changed.append(item)
    return outcome
