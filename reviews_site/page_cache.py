"""Whole public pages kept in the "pages" cache, so a page asked for again is not rendered again.

ConditionalContentMiddleware (reviews_site/middleware.py) uses it for visitors who are not signed
in and hold no session: the same visitors whose page is already the same for everyone, and whose
ETag it works out before the view. The key is that ETag's source (the build, both content
versions, today's date and the address), so any change of content, vocabulary, code or day
reaches a new key, and nothing needs deleting; old pages expire (PAGE_CACHE_SECONDS) or are culled.

Pages with forms hold the visitor's own CSRF token (the "add to pack" buttons). Each is stored
with a marker in its place and given this visitor's token when served, so a stored page never
hands one visitor's token to another. A page is stored only if it is a complete 200 that set no
cookie, showed no counts from before the current version, and was not marked private by its
view. The open data API's pages are stored too, but each one served from here still counts
against the client's anonymous rate limit (api/throttling.py), and past it the view answers 429.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import _does_token_match, get_token

CACHE = "pages"
CSRF_MARKER = "\x00csrf\x00"  # noqa: S105 (a placeholder, not a secret)
STORED_TYPES = ("text/html", "application/atom+xml", "application/json")
RATE_LIMITED = "/api/"  # pages served from here that still count against the API's rate limit
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag", "Content-Disposition")
_TOKEN_RE = re.compile(r'(?<=value=")[A-Za-z0-9]{64}(?=")')


def enabled(request) -> bool:
    skipped = request.path_info.startswith(settings.PAGE_CACHE_SKIP)
    return settings.PAGE_CACHE and request.method == "GET" and not skipped


def key(page: str) -> str:
    return "page:" + hashlib.sha256(page.encode()).hexdigest()


def stored(request, page: str):
    """The stored page as a response for this visitor (with their CSRF token), or None."""
    entry = caches[CACHE].get(key(page))
    if entry is None or not _within_rate_limit(request):
        return None
    content, headers, has_token = entry
    if has_token:
        content = content.replace(CSRF_MARKER, get_token(request))
    response = HttpResponse(content.encode(), status=200)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def store(request, response, page: str) -> None:
    """Keep a page that every visitor without a session would be given, with its tokens marked."""
    if not _storable(response):
        return
    content = response.content.decode(response.charset or "utf-8")
    secret = request.META.get("CSRF_COOKIE")
    marked = 0
    if secret and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):

        def mark(match):
            nonlocal marked
            if not _does_token_match(match.group(0), secret):
                return match.group(0)
            marked += 1
            return CSRF_MARKER

        content = _TOKEN_RE.sub(mark, content)
    has_token = marked > 0
    headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
    caches[CACHE].set(key(page), (content, headers, has_token), settings.PAGE_CACHE_SECONDS)


def _within_rate_limit(request) -> bool:
    """For the API: whether this request is within the client's rate limit (counting it)."""
    if not request.path_info.startswith(RATE_LIMITED):
        return True
    from api.throttling import allow

    allowed, _ = allow(request)
    return allowed


def _storable(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return (
        response.status_code == 200
        and not response.streaming
        and content_type in STORED_TYPES
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
    )
