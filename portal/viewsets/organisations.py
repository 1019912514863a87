"""Admin for organisations and members, scoped to the user's subtree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Member, Organisation
from portal.permissions import OrganisationScopedPermissionPolicy

organisation_policy = OrganisationScopedPermissionPolicy(Organisation, organisation_path="")
member_policy = OrganisationScopedPermissionPolicy(Member, organisation_path="organisation")


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("组织")
    list_display = ["name", "kind", "parent", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    ordering = ["path"]
    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return organisation_policy.scoped_queryset(request.user).select_related("parent")


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "user"
    menu_label = _("党员")
    list_display = ["name", "organisation", "status", "post", "role"]
    list_filter = ["status", "role"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldPanel("gender"),
        FieldPanel("photo"),
        FieldPanel("organisation"),
        FieldPanel("status"),
        FieldPanel("joined_on"),
        FieldPanel("post"),
        FieldPanel("duties"),
        FieldPanel("phone"),
        FieldPanel("role"),
    ]

    def get_queryset(self, request):
        return member_policy.scoped_queryset(request.user).select_related("organisation")


class PortalViewSetGroup(SnippetViewSetGroup):
    menu_label = _("组织与党员")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, MemberViewSet)
