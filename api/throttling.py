"""Rate limits for anonymous clients of the open data (API and CSV)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (counted in the default cache, per client address), at
    settings.API_ANON_RATE, read when a request is checked, so a test can override it."""

    def get_rate(self):
        return settings.API_ANON_RATE or None


def allow(request):
    """(allowed, seconds to wait) for a plain Django view that shares the API's limit (the CSV)."""
    throttle = AnonymousRateThrottle()
    if throttle.allow_request(request, None):
        return True, None
    return False, throttle.wait()
