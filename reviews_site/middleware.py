"""Security headers sent on every response: the Content-Security-Policy (django-csp, with one
admin-only allowance for styles) and the Permissions-Policy; and what browsers, CDNs and
reverse proxies may cache of public pages, with the validators that answer 304s."""

import time
from datetime import datetime
from datetime import time as dt_time
from types import SimpleNamespace

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from core import versioning
from core.build import build_identifier
from reviews_site import db_router, page_cache


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending settings.CONTENT_SECURITY_POLICY on every response, with
    settings.ADMIN_CSP_UPDATE added on the admin's pages (see settings.py for why). Scripts are
    never relaxed."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and settings.ADMIN_CSP_UPDATE and request.path_info.startswith(reverse("admin:index")):
            parts.update = {**settings.ADMIN_CSP_UPDATE, **(parts.update or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses, for its pages and anything they embed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class ConditionalContentMiddleware:
    """Validators and caching for public pages: what a browser, a CDN or a reverse proxy may keep.

    A public page shows what the content version says (core/versioning.py) through this build of
    the site, on the day it is asked for (handouts print the date). So for a visitor who is not
    signed in and holds no session, its ETag is worked out *before* the view, from the two
    version numbers, the address, today's date and the build; a matching If-None-Match (or, with
    none, an If-Modified-Since not older than the Last-Modified) is answered 304 without running
    the view, after one read of the versions.

    - A page that used no CSRF token and set no cookie is the same for every such visitor:
      `public, max-age=PUBLIC_CACHE_SECONDS`, with ETag and Last-Modified.
    - A page with a CSRF token in its forms (the "add to pack" buttons) holds the visitor's own
      token: `private, max-age=0, must-revalidate`, and its ETag also covers the visitor's CSRF
      secret, so only that visitor's copy is ever answered 304. No Last-Modified, since a date
      cannot tell one visitor's copy from another's.
    - A page that showed counts from before the current version (a recount is running) is not
      the current version's: `no-cache`, no validators.
    - Signed-in users and the admin: `private, no-store`. Visitors holding a session (a training
      pack) or a message, the pack's own pages, and anything but GET and HEAD: `private`. None of
      them, and no response but a 200, gets an ETag.

    Every response here varies on Cookie. The security headers are added further out, so they go
    on 304s too.
    """

    PRIVATE = {"private": True, "max_age": 0, "must_revalidate": True}

    def __init__(self, get_response):
        self.get_response = get_response
        self.build = build_identifier()
        # Last-Modified is never before this process started, so a deploy (a restart) moves it.
        self.started = int(time.time())

    def __call__(self, request):
        if not self.is_public_request(request):
            response = self.get_response(request)
            self.keep_private(request, response)
            return response
        validators = self.validators(request)
        not_modified = self.not_modified(request, validators)
        if not_modified is not None:
            return not_modified
        use_cache = page_cache.enabled(request)
        # The page cache's key adds when the versions last moved: a database restored or made anew
        # starts its numbers again, and must not meet pages kept for the old one's.
        stored_as = f"{validators.page}|{versioning.last_changed()}"
        response = page_cache.stored(request, stored_as) if use_cache else None
        if response is None:
            response = self.get_response(request)
            if use_cache and self.same_for_everyone(request, response) and not versioning.served_earlier_counts():
                page_cache.store(request, response, stored_as)
        return self.add_validators(request, response, validators)

    def is_public_request(self, request):
        """Anonymous, no session or message cookie, GET or HEAD, and not the admin or the pack."""
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
            return False
        if request.path_info.startswith((reverse("admin:index"), reverse("printing:pack"))):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def keep_private(self, request, response):
        for header in ("ETag", "Last-Modified"):
            del response[header]
        user = getattr(request, "user", None)
        staff = request.path_info.startswith(reverse("admin:index")) or (user is not None and user.is_authenticated)
        patch_cache_control(response, private=True, **({"no_store": True} if staff else {}))
        patch_vary_headers(response, ("Cookie",))

    def validators(self, request):
        """(the public page's ETag, its ETag for this visitor's CSRF secret or None, Last-Modified)."""
        versions = f"{versioning.current()}.{versioning.current(versioning.VOCABULARY)}"
        today = timezone.localdate()
        page = f"{self.build}|{versions}|{today.isoformat()}|{request.build_absolute_uri()}"
        secret = request.META.get("CSRF_COOKIE")
        changed = versioning.last_changed()
        midnight = datetime.combine(today, dt_time.min, tzinfo=timezone.get_current_timezone())
        moments = [self.started, int(midnight.timestamp())] + ([int(changed.timestamp())] if changed else [])
        return SimpleNamespace(
            page=page,
            public=_etag(page),
            private=_etag(f"{page}|{secret}") if secret else None,
            last_modified=max(moments),
        )

    def not_modified(self, request, validators):
        """A 304 when the visitor's copy is of this version of the page, before the view runs."""
        if "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META:
            return None  # preconditions: answered after the view, by get_conditional_response
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
            if validators.public.removeprefix("W/") in tags:
                return self.not_modified_response(validators.public, validators.last_modified)
            if validators.private and validators.private.removeprefix("W/") in tags:
                return self.not_modified_response(validators.private)
            return None
        # Only public pages send Last-Modified, so only a copy of one is asked about by date.
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        if since is not None and validators.last_modified <= since:
            return self.not_modified_response(validators.public, validators.last_modified)
        return None

    def not_modified_response(self, etag, last_modified=None):
        response = NotModified()
        response["ETag"] = etag
        if last_modified is None:
            patch_cache_control(response, **self.PRIVATE)
        else:
            response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def sets_cookies(request, response):
        """Whether the response sets a cookie of its own, or the session or a message would."""
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return (
            bool(response.cookies)
            or (session is not None and session.modified)
            or bool(getattr(messages, "added_new", False))
        )

    def same_for_everyone(self, request, response):
        """A complete 200 that set no cookie and that its view did not keep out of shared caches:
        the page every visitor without a session gets (but for the CSRF token in its forms)."""
        return (
            response.status_code == 200
            and not response.streaming
            and not self.sets_cookies(request, response)
            and not _not_shared(response.get("Cache-Control", ""))
        )

    def add_validators(self, request, response, validators):
        patch_vary_headers(response, ("Cookie",))
        csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))  # the page holds a CSRF token
        if not self.same_for_everyone(request, response):
            for header in ("ETag", "Last-Modified"):
                del response[header]
            if csrf or self.sets_cookies(request, response):
                patch_cache_control(response, private=True)
            return response
        if versioning.served_earlier_counts():
            patch_cache_control(response, no_cache=True, **({"private": True} if csrf else {}))
            return response
        if csrf:
            response["ETag"] = _etag(f"{validators.page}|{request.META['CSRF_COOKIE']}")
            patch_cache_control(response, **self.PRIVATE)
            return NotModified.instead_of(get_conditional_response(request, etag=response["ETag"], response=response))
        response["ETag"] = validators.public
        response["Last-Modified"] = http_date(validators.last_modified)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return NotModified.instead_of(
            get_conditional_response(
                request, etag=validators.public, last_modified=validators.last_modified, response=response
            )
        )


class NotModified(StreamingHttpResponse):
    """A 304 without the Content-Length: 0 that CommonMiddleware gives any other response without
    a body: a 304 may only carry the length of the page it stands for (RFC 9110, 8.6), and a cache
    could take the 0 for it. Streaming with nothing to stream, it is left alone."""

    status_code = 304

    def __init__(self):
        super().__init__(())
        del self["Content-Type"]

    @classmethod
    def instead_of(cls, response):
        """`response`, or, if get_conditional_response made it a 304, this kind of 304 with its headers."""
        if response.status_code != 304 or isinstance(response, cls):
            return response
        not_modified = cls()
        for header, value in response.items():
            not_modified[header] = value
        not_modified.cookies = response.cookies
        return not_modified


def _not_shared(cache_control):
    """Whether a view's own Cache-Control already keeps its page out of shared caches."""
    directives = {part.split("=")[0].strip().lower() for part in cache_control.split(",")}
    return bool(directives & {"private", "no-store", "no-cache"})


def _etag(value):
    """A weak ETag (the same page, not the same bytes: CSRF tokens are masked afresh each time),
    keyed with SECRET_KEY so it shows nothing of what it was made from."""
    return f'W/"{salted_hmac("reviews_site.ConditionalContentMiddleware", value, algorithm="sha256").hexdigest()[:40]}"'


class ReplicaRoutingMiddleware:
    """Routes a request's reads (reviews_site/db_router.py) when DATABASE_REPLICA_URL sets a read
    replica: a GET or HEAD from a visitor who is not signed in, outside the admin, reads the
    replica; everything else reads the primary: signed-in users (staff), the admin, any other
    method, and a visitor's requests for READ_PRIMARY_AFTER_WRITE_SECONDS after one of theirs
    that could have written (any method but GET and HEAD sets the `read_primary_until` cookie),
    so whoever has just saved something reads it back. Writes always go to the primary.

    It comes after AuthenticationMiddleware (whether the user is signed in is read, with their
    session, from the primary) and before ContentVersionMiddleware, so the content version is read
    from the same database as the rest of the request. Without a replica it does nothing."""

    COOKIE = "read_primary_until"
    SAFE_METHODS = ("GET", "HEAD")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not db_router.replica_configured():
            return self.get_response(request)
        alias = db_router.REPLICA if self.may_read_replica(request) else db_router.PRIMARY
        with db_router.reads_from(alias):
            response = self.get_response(request)
        if request.method not in self.SAFE_METHODS:
            self.read_primary_for_a_while(response)
        return response

    def may_read_replica(self, request):
        if request.method not in self.SAFE_METHODS or self.wrote_lately(request):
            return False
        if request.path_info.startswith(reverse("admin:index")):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    def wrote_lately(self, request):
        """Whether this visitor's cookie says they wrote within the last few seconds (a value
        further ahead than the setting allows was not set by this site, and is ignored)."""
        try:
            until = int(request.COOKIES.get(self.COOKIE, ""))
        except ValueError:
            return False
        now = time.time()
        return now < until <= now + settings.READ_PRIMARY_AFTER_WRITE_SECONDS + 1

    def read_primary_for_a_while(self, response):
        seconds = settings.READ_PRIMARY_AFTER_WRITE_SECONDS
        if seconds > 0:
            response.set_cookie(
                self.COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
