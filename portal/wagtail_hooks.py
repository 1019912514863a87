"""Admin registration for the portal app: organisations and members."""

from django.urls import path
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


@hooks.register("register_admin_urls")
def register_member_admin_urls():
    from portal.views import admin_members

    return [
        path(
            "members/import/",
            admin_members.MemberImportView.as_view(),
            name="portal_member_import",
        ),
        path(
            "members/import/template.xlsx",
            admin_members.MemberImportTemplateView.as_view(),
            name="portal_member_import_template",
        ),
        path(
            "members/<int:pk>/password-link/",
            admin_members.MemberPasswordLinkView.as_view(),
            name="portal_member_password_link",
        ),
    ]
