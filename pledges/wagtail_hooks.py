"""Admin registration for pledges: the snippet group, and the review, moderation and
ranking views in the 三亮三比三评 menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from pledges.models import (
    IdentityPlate,
    MonthlyLeaderScore,
    MonthlyRanking,
    Pledge,
    Rating,
    ServiceStandard,
    StarRating,
)
from pledges.permissions import (
    monthly_score_policy,
    plate_policy,
    pledge_policy,
    ranking_policy,
    rating_policy,
    standard_policy,
    star_policy,
)
from pledges.views import admin as views
from pledges.viewsets import PledgesViewSetGroup
from portal.admin_menu import StaffRoleMenuItem
from portal.frontpage import HOOK as FRONT_PAGE_HOOK
from portal.frontpage import FrontPagePanel

register_permission_policy(ServiceStandard, standard_policy)
register_permission_policy(IdentityPlate, plate_policy)
register_permission_policy(MonthlyLeaderScore, monthly_score_policy)
register_permission_policy(Pledge, pledge_policy)
register_permission_policy(Rating, rating_policy)
register_permission_policy(StarRating, star_policy)
register_permission_policy(MonthlyRanking, ranking_policy)
register_snippet(PledgesViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("pledges/review/", views.PledgeReviewView.as_view(), name="pledges_admin_review"),
        path(
            "pledges/comments/",
            views.CommentModerationView.as_view(),
            name="pledges_admin_comments",
        ),
        path("pledges/held/", views.HeldRatingsView.as_view(), name="pledges_admin_held"),
        path("pledges/rounds/", views.RoundListView.as_view(), name="pledges_admin_rounds"),
        path(
            "pledges/rounds/<int:pk>/", views.RoundDetailView.as_view(), name="pledges_admin_round"
        ),
        path("pledges/stars/", views.StarsAndRankingView.as_view(), name="pledges_admin_stars"),
        path(
            "pledges/rankings/<int:year>-<int:month>.xlsx",
            views.RankingExportView.as_view(),
            name="pledges_admin_ranking_export",
        ),
    ]


@hooks.register("register_pledges_menu_item")
def register_review_menu_item():
    return StaffRoleMenuItem(
        _("承诺审核与回头看"), reverse("pledges_admin_review"), icon_name="tasks", order=301
    )


@hooks.register("register_pledges_menu_item")
def register_comments_menu_item():
    return StaffRoleMenuItem(
        _("群众留言审核"), reverse("pledges_admin_comments"), icon_name="comment", order=302
    )


@hooks.register("register_pledges_menu_item")
def register_held_menu_item():
    return StaffRoleMenuItem(
        _("评价核实"), reverse("pledges_admin_held"), icon_name="warning", order=302
    )


@hooks.register("register_pledges_menu_item")
def register_rounds_menu_item():
    return StaffRoleMenuItem(
        _("三评与民主评议"), reverse("pledges_admin_rounds"), icon_name="group", order=303
    )


@hooks.register("register_pledges_menu_item")
def register_stars_menu_item():
    return StaffRoleMenuItem(
        _("十星评定与月评比"), reverse("pledges_admin_stars"), icon_name="pick", order=304
    )


@hooks.register(FRONT_PAGE_HOOK)
def register_front_page_red_flags():
    from pledges import selectors

    return FrontPagePanel(
        key="red_flag_windows",
        label=_("本月红旗窗口"),
        default_heading=_("本月红旗窗口"),
        template="pledges/panels/red_flags.html",
        context=lambda *, request, limit: selectors.front_page_red_flags(),
        order=30,
    )
