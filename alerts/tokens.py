"""The links in alerts emails: signed (django.core.signing) with SECRET_KEY, so nothing secret
is stored. Each names a subscriber and their `key` (a new key revokes every old link).

- confirm: the double opt-in link; valid for ALERTS_CONFIRM_DAYS after it was made.
- manage: unsubscribe and delete; valid while the subscriber exists.
"""

from django.conf import settings
from django.core import signing

from alerts.models import Subscriber
from core.ids import parse_id

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
MAX_TOKEN_LENGTH = 200  # ours are about 70 characters


def make(subscriber, purpose):
    return make_for(subscriber.pk, subscriber.key, purpose)


def make_for(pk, key, purpose):
    return signing.dumps([pk, key], salt=purpose)


def read(token, purpose):
    """(the subscriber a token names or None, whether the link is older than its purpose allows).

    None for anything garbled, forged, revoked or of a deleted subscriber. Only a confirmation
    link expires (after ALERTS_CONFIRM_DAYS)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None, False
    try:
        payload = signing.loads(token, salt=purpose)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None, False
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[1], str)):
        return None, False
    pk = parse_id(payload[0])
    subscriber = Subscriber.objects.filter(pk=pk, key=payload[1]).first() if pk else None
    expired = False
    if subscriber is not None and purpose == CONFIRM:
        try:
            signing.loads(token, salt=purpose, max_age=settings.ALERTS_CONFIRM_DAYS * 24 * 60 * 60)
        except signing.SignatureExpired:
            expired = True
    return subscriber, expired
