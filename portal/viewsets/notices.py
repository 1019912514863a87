"""通知公告 in the admin: each organisation's editors publish their own, within their subtree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList

from portal.forms import ScopedModelForm
from portal.models import Notice
from portal.permissions import OrganisationScopedPermissionPolicy
from portal.viewsets.scoped import ScopedSnippetViewSet

notice_policy = OrganisationScopedPermissionPolicy(Notice, organisation_path="organisation")


class NoticeViewSet(ScopedSnippetViewSet):
    model = Notice
    icon = "info-circle"
    menu_label = _("通知公告")
    list_display = ["title", "organisation", "published_on", "is_pinned", "is_published"]
    list_filter = ["is_published", "is_pinned"]
    search_fields = ["title"]
    permission_policy = notice_policy
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("title"),
            FieldPanel("body"),
            FieldRowPanel([FieldPanel("published_on"), FieldPanel("expires_on")]),
            FieldRowPanel([FieldPanel("is_pinned"), FieldPanel("is_published")]),
        ],
        base_form_class=ScopedModelForm,
    )

    def get_queryset(self, request):
        return notice_policy.scoped_queryset(request.user).select_related("organisation")
