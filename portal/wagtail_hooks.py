"""Admin registration for the portal app: organisations and members."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.models import Member, Organisation
from portal.viewsets.organisations import (
    PortalViewSetGroup,
    member_policy,
    organisation_policy,
)

register_permission_policy(Organisation, organisation_policy)
register_permission_policy(Member, member_policy)
register_snippet(PortalViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return []
