"""The training pack: learning items a trainer picks, in the order they choose.

It lives in the session (no sign-in needed) as a list of item ids, and the server keeps a copy
of every pack that holds anything (printing.models.SavedPack), so it outlives the session: the
session holds the copy's owner key and share token; the browser keeps the key in local storage
where JavaScript is on, and brings the pack back in a new session (static/js/pack.js). Every
change to the session's pack is written to its copy.

A link of another kind carries the ids themselves, in order, in a short token, so anyone can
rebuild exactly that pack (the address printed on a pack's handout). Whatever the session, a
saved copy or a link holds, only published items are ever shown: unknown, draft and withdrawn
ids are skipped with a notice.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from core.ids import parse_id
from printing.handouts import HANDOUT_CAP, printable_items
from printing.models import SavedPack

CAP = HANDOUT_CAP
SESSION_KEY = "printing:pack"
OWNER_KEY = "printing:pack-owner"  # the saved copy's owner key (never shown to anyone else)
SHARE_KEY = "printing:pack-share"  # the saved copy's share token
UNDO_KEY = "printing:pack-undo"  # what the pack held before it was emptied, and when
UNDO_SECONDS = 30 * 60
TOKEN_SEPARATOR = "-"  # noqa: S105 - not a password: a share link's separator
# Ids in base 36, separated by hyphens: "2f-1a-9" is items 87, 46 and 9, in that order.
TOKEN_PATTERN = re.compile(r"^[0-9a-z]{1,12}$")
MAX_TOKEN_LENGTH = CAP * 14


@dataclass
class AddOutcome:
    added: int = 0
    already: int = 0
    refused: int = 0  # over the cap

    def message(self, size):
        parts = []
        if self.added:
            parts.append(f"Added {self.added} item{'s' if self.added != 1 else ''} to your training pack.")
        if self.already and not self.added and not self.refused:
            parts.append("That is already in your pack." if self.already == 1 else "Those are already in your pack.")
        if self.refused:
            parts.append(
                f"Your pack is full: it can hold {CAP} items, so {self.refused} "
                f"item{'s were' if self.refused != 1 else ' was'} not added. Remove some to make room."
            )
        parts.append(f"It now holds {size} item{'s' if size != 1 else ''}.")
        return " ".join(parts)


class Pack:
    """The session's pack: an ordered list of distinct item ids, at most CAP of them."""

    def __init__(self, session):
        self.session = session
        stored = session.get(SESSION_KEY, [])
        self.ids = clean_ids(stored if isinstance(stored, list) else [])[:CAP]

    def __len__(self):
        return len(self.ids)

    def __contains__(self, item_id):
        return item_id in self.ids

    def save(self, keep_undo=False):
        self.session[SESSION_KEY] = list(self.ids)
        if not keep_undo:
            self.session.pop(UNDO_KEY, None)
        self.session.modified = True
        self.save_copy()

    # The server's copy -------------------------------------------------------------------

    @property
    def owner_key(self):
        key = self.session.get(OWNER_KEY)
        return key if isinstance(key, str) else ""

    @property
    def share_token(self):
        token = self.session.get(SHARE_KEY)
        return token if isinstance(token, str) and self.owner_key else ""

    def save_copy(self):
        """Write the pack to its saved copy; the first time it holds anything, make the copy."""
        if self.owner_key:
            now = timezone.now()
            updated = SavedPack.objects.for_owner(self.owner_key).update(
                item_ids=list(self.ids), updated=now, last_used=now
            )
            if updated:
                return
        if self.ids:
            saved, key = SavedPack.create_for(self.ids)
            self.adopt(saved, key)

    def adopt(self, saved, key):
        """Make `saved` (whose owner key is `key`) this session's copy."""
        self.session[OWNER_KEY] = key
        self.session[SHARE_KEY] = saved.share_token
        self.session.modified = True

    def restore(self, key):
        """Take back the saved pack whose owner key is `key` (from this browser's storage): its
        items first, then any this session had gathered. (the saved pack, or None if unknown)."""
        saved = SavedPack.objects.for_owner(key).first() if isinstance(key, str) and key else None
        if saved is None:
            return None
        if key != self.owner_key:
            ids = clean_ids(saved.item_ids) + [item_id for item_id in self.ids if item_id not in saved.item_ids]
            self.adopt(saved, key)
            self.replace(ids)
        return saved

    # Emptying and undoing it --------------------------------------------------------------

    def empty(self):
        """Empty the pack, keeping what it held for UNDO_SECONDS so it can be put back."""
        if self.ids:
            self.session[UNDO_KEY] = {"ids": list(self.ids), "at": timezone.now().isoformat()}
        self.ids = []
        self.save(keep_undo=True)

    @property
    def undoable(self):
        """The ids the pack held before it was last emptied, while that can still be undone."""
        undo = self.session.get(UNDO_KEY)
        if self.ids or not isinstance(undo, dict) or not isinstance(undo.get("ids"), list):
            return []
        try:
            at = timezone.datetime.fromisoformat(undo.get("at", ""))
        except (TypeError, ValueError):
            return []
        if timezone.is_naive(at) or timezone.now() - at > timedelta(seconds=UNDO_SECONDS):
            return []
        return clean_ids(undo["ids"])[:CAP]

    def undo_empty(self):
        ids = self.undoable
        if ids:
            self.replace(ids)
        return ids

    def reorder(self, order):
        """Put the pack in `order` (ids); ids not in the pack are ignored, and any of the pack's
        left out keep their place after those given. True if the order changed."""
        wanted = [item_id for item_id in clean_ids(order) if item_id in self.ids]
        new = wanted + [item_id for item_id in self.ids if item_id not in wanted]
        if new == self.ids:
            return False
        self.ids = new
        self.save()
        return True

    def add(self, item_ids):
        outcome = AddOutcome()
        for item_id in item_ids:
            if item_id in self.ids:
                outcome.already += 1
            elif len(self.ids) >= CAP:
                outcome.refused += 1
            else:
                self.ids.append(item_id)
                outcome.added += 1
        if outcome.added:
            self.save()
        return outcome

    def remove(self, item_id):
        if item_id in self.ids:
            self.ids.remove(item_id)
            self.save()
            return True
        return False

    def move(self, item_id, offset):
        """Move an item up (offset -1) or down (+1); to the top (-CAP) or bottom (+CAP)."""
        if item_id not in self.ids:
            return False
        old = self.ids.index(item_id)
        new = max(0, min(len(self.ids) - 1, old + offset))
        if new == old:
            return False
        self.ids.insert(new, self.ids.pop(old))
        self.save()
        return True

    def replace(self, item_ids):
        self.ids = clean_ids(item_ids)[:CAP]
        self.save()

    def clear(self):
        self.ids = []
        self.save()

    @property
    def token(self):
        return encode(self.ids)


def clean_ids(values):
    """Distinct ids in the database's range, in order; anything else dropped. Forms, links and the
    session all come through here, and an id too large for the database would make the query fail."""
    seen, ids = set(), []
    for value in values:
        item_id = parse_id(value)
        if item_id is not None and item_id not in seen:
            seen.add(item_id)
            ids.append(item_id)
    return ids


def encode(ids):
    return TOKEN_SEPARATOR.join(base36(item_id) for item_id in ids)


def base36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def decode(token):
    """(ids in order, how many parts could not be read). Never raises."""
    token = (token or "")[:MAX_TOKEN_LENGTH].lower()
    ids, unreadable = [], 0
    for part in token.split(TOKEN_SEPARATOR):
        if not part:
            continue
        item_id = parse_id(int(part, 36)) if TOKEN_PATTERN.match(part) else None
        if item_id is None:
            unreadable += 1
        else:
            ids.append(item_id)
    return ids, unreadable


@dataclass
class Resolved:
    """A pack's items that may be shown, in order, and what was left out and why."""

    items: list
    missing_ids: list = field(default_factory=list)
    over_cap: int = 0
    unreadable: int = 0

    @property
    def ids(self):
        return [item.pk for item in self.items]

    @property
    def notices(self):
        notices = []
        skipped = len(self.missing_ids) + self.unreadable
        if skipped:
            notices.append(
                f"{skipped} item{'s' if skipped != 1 else ''} in this pack "
                f"{'are' if skipped != 1 else 'is'} no longer published or could not be found, "
                f"so {'they were' if skipped != 1 else 'it was'} left out."
            )
        if self.over_cap:
            last = "the last item was" if self.over_cap == 1 else f"the last {self.over_cap} items were"
            notices.append(f"A pack holds at most {CAP} items, so {last} left out.")
        return notices


def resolve(ids, unreadable=0):
    """The published items among `ids`, in the same order, in one query; the rest skipped."""
    ids = clean_ids(ids)
    over_cap = max(0, len(ids) - CAP)
    ids = ids[:CAP]
    found = printable_items().in_bulk(ids) if ids else {}
    items = [found[item_id] for item_id in ids if item_id in found]
    missing = [item_id for item_id in ids if item_id not in found]
    return Resolved(items=items, missing_ids=missing, over_cap=over_cap, unreadable=unreadable)


def resolve_session(pack):
    """The session pack's items; ids that are no longer published are dropped from it."""
    resolved = resolve(pack.ids)
    if resolved.missing_ids:
        pack.replace(resolved.ids)
    return resolved


def resolve_token(token):
    ids, unreadable = decode(token)
    return resolve(ids, unreadable)


def order_from_positions(ids, positions):
    """The order a trainer asked for by typing a position beside each item (the pack page's form
    without JavaScript). `ids` are the items in the order the form showed them; `positions` the
    numbers typed, one for each. An item given a new number goes to that place: before the item
    already there if it moved up, after it if it moved down. (new order, ids whose number could
    not be read: those keep their place)."""
    count = len(ids)
    keys, unreadable = [], []
    for index, item_id in enumerate(ids):
        text = str(positions[index]).strip() if index < len(positions) else ""
        try:
            wanted = int(text)
        except ValueError:
            wanted = None
        if wanted is None:
            if text:
                unreadable.append(item_id)
            wanted = index + 1
        wanted = max(1, min(count, wanted))
        side = 0 if wanted == index + 1 else (-1 if wanted < index + 1 else 1)
        keys.append(((wanted, side, index), item_id))
    return [item_id for _key, item_id in sorted(keys)], unreadable
