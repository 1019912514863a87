"""善行功德榜 section page: the public roll and each organisation's honours."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.caching import PublicCacheMixin


class HonorRollPage(PublicCacheMixin, RoutablePageMixin, Page):
    """Editors place this under the home page with the slug "honors"."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("善行功德榜")

    @path("")
    def roll(self, request):
        from honors import selectors

        roll = selectors.public_roll(
            period=request.GET.get("period", ""), organisation_code=request.GET.get("org", "")
        )
        context = self.get_context(request)
        context.update(roll)
        return TemplateResponse(request, "honors/honor_roll_page.html", context)

    @path("organisations/<str:code>/")
    def organisation(self, request, code):
        from honors import selectors

        data = selectors.organisation_honours(code=code)
        if data is None:
            raise Http404
        context = self.get_context(request)
        context.update(data)
        return TemplateResponse(request, "honors/organisation_honours.html", context)
