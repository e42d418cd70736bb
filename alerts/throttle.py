"""Sign-up throttling, counted in the cache (shared by every app server when REDIS_URL is set),
so the form cannot be used to flood someone's inbox: at most ALERTS_SIGNUPS_PER_ADDRESS emails
to one address a day, and ALERTS_SIGNUPS_PER_CLIENT sign-ups from one client address an hour."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
DAY = 24 * HOUR


def _over(name, limit, seconds):
    """Count one more in a fixed window; whether that goes over `limit`."""
    key = f"alerts:throttle:{name}"
    if cache.add(key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds)
        return limit < 1


def signup_throttled(request, email):
    """Whether this sign-up must wait: the client's address (the one the outermost trusted
    proxy saw: reviews_site/client_address.py, via axes' AXES_CLIENT_IP_CALLABLE) is counted
    first, then the email address (by its hash: the cache never holds the address)."""
    client = get_client_ip_address(request) or "unknown"
    if _over(f"client:{client}", settings.ALERTS_SIGNUPS_PER_CLIENT, HOUR):
        return True
    digest = hashlib.sha256(email.encode()).hexdigest()
    return _over(f"address:{digest}", settings.ALERTS_SIGNUPS_PER_ADDRESS, DAY)
