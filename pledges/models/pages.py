"""公开承诺: the section page; its routes are the wall, windows, plates, stars and rankings."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page


class PledgeWallPage(RoutablePageMixin, Page):
    """The section's page (slug "pledges"); editors write the introduction, the app the rest."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("公开承诺栏目")

    @path("")
    def wall(self, request):
        from pledges.views import public

        return public.wall(request, self)

    @path("p/<int:pk>/")
    def pledge(self, request, pk: int):
        from pledges.views import public

        return public.pledge(request, self, pk)

    @path("p/<int:pk>/rate/")
    def rate_pledge(self, request, pk: int):
        from pledges.views import public

        return public.rate_pledge(request, self, pk)

    @path("windows/<slug:code>/")
    def window(self, request, code: str):
        from pledges.views import public

        return public.window(request, self, code)

    @path("windows/<slug:code>/rate/")
    def rate_window(self, request, code: str):
        from pledges.views import public

        return public.rate_window(request, self, code)

    @path("plates/<int:member_id>/")
    def plate(self, request, member_id: int):
        from pledges.views import public

        return public.plate(request, self, member_id)

    @path("plates/<int:member_id>/print/")
    def plate_print(self, request, member_id: int):
        from pledges.views import public

        return public.plate(request, self, member_id, for_print=True)

    @path("stars/")
    def stars(self, request):
        from pledges.views import public

        return public.stars(request, self)

    @path("rankings/")
    def rankings(self, request):
        from pledges.views import public

        return public.rankings(request, self)

    @path("rankings/<str:slug>/")
    def ranking(self, request, slug: str):
        from pledges.views import public

        return public.ranking(request, self, slug)
