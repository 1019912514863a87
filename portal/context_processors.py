"""Template context shared by every public page: the section menu and the member."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.models import PortalSettings
from portal.permissions import is_staff_role
from portal.views.display import large_text


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "nav_sections": settings.PORTAL_SECTION_TITLES,
        "user_is_staff_role": bool(user and is_staff_role(user)),
        "large_text": large_text(request),
        "site_info": SimpleLazyObject(PortalSettings.footer),
    }
