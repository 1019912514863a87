"""每日提醒 in the admin: the digests sent, read-only, inside the user's subtree."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import ReminderDigest
from portal.permissions import ViewOnlyScopedPermissionPolicy
from portal.viewsets.scoped import ScopedSnippetViewSetMixin

digest_policy = ViewOnlyScopedPermissionPolicy(
    ReminderDigest, organisation_path="member__organisation"
)


class ReminderDigestViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    model = ReminderDigest
    icon = "mail"
    menu_label = _("每日提醒")
    list_display = ["member", "sent_on", "sent_at", "email", "item_count"]
    list_filter = ["sent_on"]
    inspect_view_enabled = True
    permission_policy = digest_policy
    copy_view_enabled = False

    def get_queryset(self, request):
        return digest_policy.scoped_queryset(request.user).select_related("member")
