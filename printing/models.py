"""A saved training pack: the server's copy of a visitor's pack, so it outlives the browser session.

It holds no personal data: two random strings and the ordered ids of published learning items.

- `share_token` is in the pack's share link (/pack/saved/<token>/). Anyone with the link can see,
  print and copy the pack into their own; nobody can change it through the link.
- The owner's key is kept in the visitor's session and, where JavaScript is on, in the
  browser's local storage; only a hash of it is stored here. With it, a new browser session
  on the same device takes the pack back as its own (printing/views/pack.py `pack_restore`).

Packs not used for SAVED_PACK_KEEP_DAYS days are deleted by `manage.py purge_saved_packs`.
"""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

TOKEN_BYTES = 16  # 128 random bits: 22 characters in a link
TOKEN_PATTERN = r"[A-Za-z0-9_-]{22}"  # noqa: S105 - a pattern for share links, not a password


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_key(key):
    return hashlib.sha256((key or "").encode()).hexdigest()


class SavedPackQuerySet(models.QuerySet):
    def for_owner(self, key):
        return self.filter(owner_key_hash=hash_key(key)) if key else self.none()

    def unused_since(self, moment):
        return self.filter(last_used__lt=moment)


class SavedPack(models.Model):
    share_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    owner_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    item_ids = models.JSONField(default=list, blank=True, help_text="Learning item ids, in the pack's order.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    last_used = models.DateTimeField(default=timezone.now, db_index=True)

    objects = SavedPackQuerySet.as_manager()

    class Meta:
        verbose_name = "saved training pack"

    def __str__(self):
        return f"Saved pack of {len(self.item_ids)} items"

    @classmethod
    def create_for(cls, item_ids):
        """(a new saved pack holding `item_ids`, the owner's key, shown only this once)."""
        key = new_token()
        return cls.objects.create(owner_key_hash=hash_key(key), item_ids=list(item_ids)), key
