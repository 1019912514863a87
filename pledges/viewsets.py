"""Admin viewsets: standards, plates and monthly scores are edited as snippets, scoped to the
user's subtree; pledges, ratings, rounds, stars and rankings are listed read-only because they
change only through `pledges.services` (see views/admin.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSetGroup

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
from portal.forms import ScopedModelForm
from portal.viewsets.scoped import ScopedSnippetViewSet, SharedSnippetViewSet


class ServiceStandardViewSet(ScopedSnippetViewSet):
    model = ServiceStandard
    icon = "list-ul"
    menu_label = _("服务标准")
    list_display = ["name", "window", "time_limit", "fee_display"]
    list_filter = ["window"]
    search_fields = ["name"]
    permission_policy = standard_policy
    edit_handler = ObjectList(
        [
            FieldPanel("window"),
            FieldPanel("name"),
            FieldPanel("procedure"),
            FieldPanel("materials"),
            FieldPanel("time_limit"),
            FieldPanel("fee"),
            FieldPanel("sort_order"),
        ],
        base_form_class=ScopedModelForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("window")


class IdentityPlateViewSet(ScopedSnippetViewSet):
    model = IdentityPlate
    icon = "user"
    menu_label = _("党员身份牌")
    list_display = ["member", "post_title", "is_published"]
    list_filter = ["post_title", "is_published"]
    permission_policy = plate_policy
    edit_handler = ObjectList(
        [
            FieldPanel("member"),
            FieldPanel("post_title"),
            FieldPanel("motto"),
            FieldPanel("is_published"),
        ],
        base_form_class=ScopedModelForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__organisation")


class MonthlyLeaderScoreViewSet(ScopedSnippetViewSet):
    model = MonthlyLeaderScore
    icon = "date"
    menu_label = _("窗口月度考核")
    list_display = ["window", "month", "score"]
    permission_policy = monthly_score_policy
    edit_handler = ObjectList(
        [FieldPanel("window"), FieldPanel("month"), FieldPanel("score"), FieldPanel("comment")],
        base_form_class=ScopedModelForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("window")


class ReadOnlyViewSet(ScopedSnippetViewSet):
    """Registered with a view-only policy for its model (see wagtail_hooks)."""

    inspect_view_enabled = True


class PledgeViewSet(ReadOnlyViewSet):
    model = Pledge
    icon = "doc-full"
    menu_label = _("公开承诺")
    list_display = ["__str__", "status", "year"]
    list_filter = ["status", "year"]
    permission_policy = pledge_policy

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "organisation")


class RatingViewSet(ReadOnlyViewSet):
    model = Rating
    icon = "pick"
    menu_label = _("群众评议")
    list_display = ["__str__", "comment", "comment_status", "rated_on"]
    list_filter = ["level", "comment_status"]
    # The anonymous keys behind the one-rating-a-day and burst checks mean nothing to a reader.
    inspect_view_fields_exclude = ["visitor", "address"]
    permission_policy = rating_policy

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("window", "pledge__member", "pledge__organisation")
        )


class StarRatingViewSet(ReadOnlyViewSet):
    model = StarRating
    icon = "pick"
    menu_label = _("十星评定")
    list_display = ["__str__", "score", "stars"]
    list_filter = ["year", "half", "stars"]
    permission_policy = star_policy

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "organisation")


class MonthlyRankingViewSet(SharedSnippetViewSet):
    """Global (see portal.viewsets.scoped.GLOBAL_SNIPPET_MODELS), read-only."""

    model = MonthlyRanking
    icon = "list-ol"
    menu_label = _("月评比通报")
    list_display = ["__str__", "published_at"]
    inspect_view_enabled = True
    permission_policy = ranking_policy


class PledgesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("三亮三比三评")
    menu_icon = "pick"
    menu_order = 300
    # The review, moderation and ranking views join the group's submenu.
    submenu_hook = "register_pledges_menu_item"
    items = (
        ServiceStandardViewSet,
        IdentityPlateViewSet,
        PledgeViewSet,
        RatingViewSet,
        MonthlyLeaderScoreViewSet,
        StarRatingViewSet,
        MonthlyRankingViewSet,
    )
