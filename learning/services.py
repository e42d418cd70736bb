"""Multi-step writes for learning content: importing a new briefing as draft items."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from core import history
from core.models import Status
from learning.models import LearningItem, Theme
from reviews.models import Publication


@dataclass
class DraftItem:
    """One item of a confirmed import, as the preview showed it."""

    kind: str
    locator: str
    heading: str
    text: str
    themes: list  # theme slugs
    page: int | None = None  # the page of the PDF it starts on, where it came from one


def new_publication(board, title, kind=Publication.Kind.BRIEFING):
    base = slugify(title)[:100] or "imported-publication"
    slug, n = base, 1
    while Publication.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Publication.objects.create(board=board, title=title, slug=slug, kind=kind, status=Status.DRAFT)


@transaction.atomic
def import_items(publication, drafts, age_group=None):
    """Save the confirmed items as drafts of `publication`, all or nothing.

    Refuses a withdrawn publication, and locators that the publication already uses.
    """
    if publication.status == Status.WITHDRAWN:
        raise ValidationError(f"“{publication}” has been withdrawn. Publish it again, or import into another one.")
    if not drafts:
        raise ValidationError("There were no items to import.")
    taken = set(
        LearningItem.objects.filter(publication=publication, section=None)
        .exclude(locator="")
        .values_list("kind", "locator")
    )
    seen, repeated = set(), set()
    for draft in drafts:
        if draft.locator and (draft.kind, draft.locator) in seen:
            repeated.add(draft.locator)
        seen.add((draft.kind, draft.locator))
    if repeated:
        raise ValidationError(
            f"The text uses the locators {', '.join(sorted(repeated))} more than once. Untick the repeats, or import "
            "each section separately. Nothing was saved."
        )
    clashes = [d.locator for d in drafts if d.locator and (d.kind, d.locator) in taken]
    if clashes:
        raise ValidationError(
            f"“{publication}” already has items with the locators {', '.join(sorted(set(clashes)))}. Nothing was saved."
        )
    start = (publication.items.aggregate(last=Max("position"))["last"] or 0) + 10
    keys = set(publication.items.values_list("key", flat=True))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = []
    for index, draft in enumerate(drafts):
        key = unique_key(draft, index, keys)
        keys.add(key)
        mark = history.since(LearningItem)
        item = LearningItem.objects.create(
            publication=publication,
            kind=draft.kind,
            key=key,
            locator=draft.locator,
            position=start + index * 10,
            title="",
            text=draft.text,
            page=draft.page,
            status=Status.DRAFT,
            notes=f"Imported under the heading “{draft.heading}”." if draft.heading else "Imported.",
        )
        item.themes.set([themes[slug] for slug in draft.themes if slug in themes])
        if age_group is not None:
            item.age_groups.set([age_group])
        history.collapse(item, mark, f"Imported from PDF, page {draft.page}" if draft.page else "Imported")
        created.append(item)
    return created


def unique_key(draft, index, taken):
    base = slugify(f"{draft.kind}-{draft.locator}") if draft.locator else f"imported-{index + 1}"
    key, n = base[:70], 1
    while key in taken:
        n += 1
        key = f"{base[:70]}-{n}"
    return key
