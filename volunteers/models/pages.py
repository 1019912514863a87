"""志愿服务: the public section page, with team and activity pages routed under it."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.caching import PublicCacheMixin

# A city has hundreds of teams; each page costs the same whatever their number.
TEAMS_PER_PAGE = 20


class VolunteerIndexPage(PublicCacheMixin, RoutablePageMixin, Page):
    """党员志愿服务: teams, their upcoming activities and hours served this year."""

    intro = RichTextField(_("栏目介绍"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("志愿服务栏目")

    @path("")
    def index(self, request):
        from volunteers import selectors

        context = self.get_context(request)
        teams = Paginator(selectors.teams_for_listing(), TEAMS_PER_PAGE)
        context["teams"] = context["page_obj"] = teams.get_page(request.GET.get("page"))
        context["ranking"] = selectors.ranking()
        context["year"] = timezone.localdate().year
        return TemplateResponse(request, "volunteers/volunteer_index_page.html", context)

    @path("teams/<int:team_id>/", name="team")
    def team(self, request, team_id: int):
        from volunteers import selectors

        team = get_object_or_404(selectors.teams_for_listing(), pk=team_id)
        names, unnamed = selectors.team_roster(team)
        context = self.get_context(request)
        membership = None
        if request.user.is_authenticated and hasattr(request.user, "member"):
            membership = team.memberships.filter(
                member=request.user.member, left_at__isnull=True
            ).first()
        context.update(
            team=team,
            names=names,
            unnamed=unnamed,
            membership=membership,
            year=timezone.localdate().year,
            leaders=[(selectors.public_name(m) or _("（未公开姓名）")) for m in team.leaders.all()],
        )
        return TemplateResponse(request, "volunteers/team_detail.html", context)

    @path("activities/<int:activity_id>/", name="activity")
    def activity(self, request, activity_id: int):
        from volunteers.models import Activity, SignUp

        activity = get_object_or_404(
            Activity.objects.published().select_related("team"), pk=activity_id
        )
        context = self.get_context(request)
        taken = activity.sign_ups.filter(status=SignUp.Status.SIGNED_UP).count()
        mine = None
        if request.user.is_authenticated and hasattr(request.user, "member"):
            mine = activity.sign_ups.filter(member=request.user.member).first()
        context.update(
            activity=activity,
            taken=taken,
            left=max(activity.capacity - taken, 0),
            mine=mine,
            sign_up_open=activity.sign_up_open(),
        )
        return TemplateResponse(request, "volunteers/activity_detail.html", context)
