"""Publishing learning: when an item is ready, and the multi-step writes that publish items
and publications (with their items) or add tags in bulk.

Each function runs in one transaction and saves object by object, so every change is
recorded in the history (who and when) and the search index stays in step.
"""

from django.db import transaction

from core import history
from core.models import Status
from core.services import Outcome, set_status

# The one rule for "ready to publish": field -> what is missing, in the editor's words.
MISSING = {
    "themes": "A published item needs at least one theme, so practitioners can find it.",
    "locator": "Say where in the publication this comes from (a locator or a section).",
    "text": "A published item needs its text.",
}


class PublishError(Exception):
    """Publishing was refused; nothing was saved. `problems` says why, item by item."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


def readiness_problems(*, has_themes, publication, locator, section, text):
    """{field: message} for what an item lacks before it may be published (empty when ready)."""
    problems = {}
    if not has_themes:
        problems["themes"] = MISSING["themes"]
    if not publication or not (locator or section):
        problems["locator"] = MISSING["locator"]
    if not (text or "").strip():
        problems["text"] = MISSING["text"]
    return problems


def publish_problems(item):
    """Why a saved learning item may not be published yet (empty when it may)."""
    problems = readiness_problems(
        has_themes=item.themes.exists(),
        publication=item.publication_id,
        locator=item.locator,
        section=item.section_id,
        text=item.text,
    )
    return list(problems.values())


@transaction.atomic
def publish_items(items):
    """Publish the items that are ready; skip (and report) the ones that are not."""
    outcome = Outcome()
    for item in items:
        problems = publish_problems(item)
        if problems:
            outcome.skipped.append((item, " ".join(problems)))
        elif set_status(item, Status.PUBLISHED):
            outcome.changed.append(item)
    return outcome


def not_ready(count):
    """“1 of its items is not ready.”, “3 of its items are not ready.”"""
    return f"{count} of its items {'is' if count == 1 else 'are'} not ready."


@transaction.atomic
def publish_publication(publication):
    """Publish a publication and all its draft items in one step, or nothing at all.

    Withdrawn items stay withdrawn: publishing the document again does not bring back
    learning that staff took down on purpose.
    """
    drafts = list(publication.items.filter(status=Status.DRAFT).prefetch_related("themes"))
    problems = [(item, " ".join(reasons)) for item in drafts if (reasons := publish_problems(item))]
    if problems:
        raise PublishError(f"“{publication}” was not published: {not_ready(len(problems))}", problems)
    outcome = Outcome()
    if set_status(publication, Status.PUBLISHED):
        outcome.changed.append(publication)
    for item in drafts:
        set_status(item, Status.PUBLISHED)
        outcome.changed.append(item)
    return outcome


@transaction.atomic
def add_theme(items, theme):
    outcome = Outcome()
    for item in items:
        if not item.themes.filter(pk=theme.pk).exists():
            mark = history.since(type(item))
            item.themes.add(theme)
            item.save()  # moves the version on, so an editor's open form cannot undo the new tag
            history.collapse(item, mark, f"Added the theme “{theme}”")  # one entry, not one per step
            outcome.changed.append(item)
    return outcome
