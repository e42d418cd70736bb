"""The address a request came from, as django-axes throttles sign-in by it.

Behind the reverse proxy every request reaches gunicorn from the proxy's own address, so
REMOTE_ADDR would put every client in one bucket and five failures from anywhere would lock
a username out for everyone. Each trusted proxy appends the address it saw to
X-Forwarded-For, so the client's address is the entry PROXY_COUNT places from the right;
anything further left is whatever the client chose to send and is never believed.
"""

import ipaddress

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_ip(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR without a proxy, otherwise
    the address the outermost trusted proxy saw."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.PROXY_COUNT
    hops = [hop.strip() for hop in request.META.get(FORWARDED_FOR, "").split(",") if hop.strip()]
    if proxy_count <= 0 or not hops:  # no proxy, or a request straight to gunicorn (a health check)
        return remote_addr
    # Fewer entries than proxies: the request skipped the outer ones, and the leftmost entry is
    # the farthest address a trusted proxy recorded.
    seen_by_outermost_proxy = hops[-min(proxy_count, len(hops))]
    return parse_address(seen_by_outermost_proxy) or remote_addr


def parse_address(text):
    """The IP address in one X-Forwarded-For entry, in its usual form, or "" if there is none.

    Some proxies add the port (`203.0.113.5:5123`, `[2001:db8::7]:5123`); axes stores the
    address in a GenericIPAddressField, so nothing else may get through.
    """
    for candidate in (text, text.strip("[]"), text.rsplit(":", 1)[0].strip("[]")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""
