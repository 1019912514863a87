"""The visitor's address, the same one everywhere: sign-in limits, rating limits, logs.

Behind nginx every request comes from nginx's address, so counting failures
per `REMOTE_ADDR` would lock out every member at once. allauth already reads
the client's address from `X-Forwarded-For`, trusting as many proxies as
`ALLAUTH_TRUSTED_PROXY_COUNT` says (the `TRUSTED_PROXY_COUNT` setting);
everything else asks here so that the two never disagree.
"""

import logging

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: a request that
        # bypassed the proxy. Its own address is all that can be trusted.
        logger.warning("X-Forwarded-For has fewer entries than TRUSTED_PROXY_COUNT")
        return request.META.get("REMOTE_ADDR", "")
    except PermissionDenied:
        return ""
