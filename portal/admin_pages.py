"""The header of a custom admin page: its own title, and breadcrumbs 首页 › … › the title.

Wagtail's `WagtailAdminTemplateMixin` gives a view the single breadcrumb "首页",
which its header then shows as the page's heading; every portal admin view that
is not a snippet view uses `AdminPageMixin` instead.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPageMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        home = {"url": reverse("wagtailadmin_home"), "label": _("首页")}
        here = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [home, *self.parent_breadcrumbs(), here]

    def parent_breadcrumbs(self) -> list[dict]:
        """The pages between 首页 and this one, as {"url", "label"} dicts."""
        return []
