"""django-csp's middleware with a second, looser policy for the Wagtail admin only."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(reverse("wagtailadmin_home"))
        ):
            parts.config = settings.PORTAL_ADMIN_CSP_DIRECTIVES
        return parts
