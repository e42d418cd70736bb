"""History that reads well: one entry per save, each with a reason a person can read.

django-simple-history writes an entry on every model save and on every change of a tracked
many-to-many field, so one admin save of a learning item that changes its themes wrote three
(the save, the old themes removed, the new ones added), each with no reason ("None" on the
History page). Here:

- `reason(text)` names the change for every entry written inside it (the outermost step wins,
  so "Published from the review queue by …" is not replaced by the service's own "Published");
- `fill_reason` (a receiver of simple-history's `pre_create_historical_record`) gives every
  entry a reason: the one named, or what kind of entry it is ("Created", "Changed", "Deleted");
- `since()` and `collapse()` keep one entry for a write of several steps (the admin's save of
  the object and then its tags): the newest, which holds the final values and tags.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.text import get_text_list

MAX_REASON = 100  # simple-history's change reason is a CharField(max_length=100)
DEFAULT_REASONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
_reason = ContextVar("history_reason", default=None)


def shorten(text, limit=MAX_REASON):
    """Fit a reason in the column: cut at a word and mark the cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@contextmanager
def reason(text):
    """Every history entry written inside names `text` as its reason, unless an outer step
    has already named one (the step the person took is what they will look for)."""
    if _reason.get():
        yield
        return
    token = _reason.set(shorten(text))
    try:
        yield
    finally:
        _reason.reset(token)


def fill_reason(sender, history_instance, **kwargs):
    """Receiver: never an entry without a reason."""
    named = _reason.get() or history_instance.history_change_reason
    history_instance.history_change_reason = shorten(named or DEFAULT_REASONS.get(history_instance.history_type, ""))


def since(model):
    """A mark to collapse from: the newest history id of `model` now (0 when there is none)."""
    latest = model.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def collapse(obj, mark, text=None):
    """Keep one history entry of `obj` for what was written after `mark`: the newest (it holds
    the final values and tags), marked as a creation if the first was one, with reason `text`.
    The entries before it were written in the same transaction and seen by no one."""
    entries = list(type(obj).history.filter(id=obj.pk, history_id__gt=mark).order_by("history_id"))
    if not entries:
        return None
    kept = entries[-1]
    superseded = [entry.history_id for entry in entries[:-1]]
    if superseded:
        _delete_entries(type(obj), kept, superseded)
    kept.history_type = entries[0].history_type if entries[0].history_type == "+" else kept.history_type
    if text:
        kept.history_change_reason = shorten(text)
    kept.save(update_fields=["history_type", "history_change_reason"])
    return kept


def _delete_entries(model, sample, history_ids):
    """Delete history entries with their snapshots of tags (simple-history links those rows
    without a database constraint, so they would otherwise stay behind)."""
    for field in getattr(sample, "_history_m2m_fields", []):
        getattr(sample, field.name).model.objects.filter(history_id__in=history_ids).delete()
    model.history.filter(history_id__in=history_ids).delete()


def describe_change(message):
    """The admin's change message (the list `construct_change_message` builds) in a sentence:
    "Changed text and themes.", "Created.", "Added section “5”."; never empty."""
    if isinstance(message, str):
        return message or "Saved with no changes."
    parts = []
    for entry in message or []:
        if "added" in entry:
            added = entry["added"]
            parts.append(f"Added {added['name']} “{added['object']}”" if added else "Created")
        elif "changed" in entry:
            changed = entry["changed"]
            fields = get_text_list([_lower_first(name) for name in changed.get("fields", [])], "and")
            where = f" of {changed['name']} “{changed['object']}”" if "name" in changed else ""
            parts.append(f"Changed {fields}{where}" if fields else f"Saved{where}")
        elif "deleted" in entry:
            deleted = entry["deleted"]
            parts.append(f"Deleted {deleted['name']} “{deleted['object']}”")
    return "; ".join(parts) + "." if parts else "Saved with no changes."


def _lower_first(label):
    """ "Age groups" -> "age groups", but "URL" stays "URL"."""
    label = str(label)
    return label if label[:2].isupper() else label[:1].lower() + label[1:]
