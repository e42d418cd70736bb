"""Security headers sent on every response: the Content-Security-Policy (django-csp, with one
admin-only allowance for styles) and the Permissions-Policy."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


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
