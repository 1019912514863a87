"""Admin viewsets: standards, plates and monthly scores are edited as snippets, scoped to the
user's subtree; pledges, ratings, rounds, stars and rankings are listed read-only because they
change only through `pledges.services` (see views/admin.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pledges.models import (
    IdentityPlate,
    MonthlyLeaderScore,
    MonthlyRanking,
    Pledge,
    Rating,
    ServiceStandard,
    StarRating,
)
from portal.forms import ScopedModelForm
from portal.permissions import OrganisationScopedPermissionPolicy, scope_for
from portal.viewsets.scoped import ScopedSnippetViewSetMixin

standard_policy = OrganisationScopedPermissionPolicy(ServiceStandard, organisation_path="window")
plate_policy = OrganisationScopedPermissionPolicy(
    IdentityPlate, organisation_path="member__organisation"
)
monthly_score_policy = OrganisationScopedPermissionPolicy(
    MonthlyLeaderScore, organisation_path="window"
)


class ServiceStandardViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
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
        return standard_policy.scoped_queryset(request.user).select_related("window")


class IdentityPlateViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
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
        return plate_policy.scoped_queryset(request.user).select_related("member__organisation")


class MonthlyLeaderScoreViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
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
        return monthly_score_policy.scoped_queryset(request.user).select_related("window")


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Listing and inspecting only: these rows change through the services, never a form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class ReadOnlyViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    """Registered with a ViewOnlyPolicy for its model (see wagtail_hooks); each subclass's
    `get_queryset` is the user's scope, and inspecting a row outside it is a 404."""

    inspect_view_enabled = True


class PledgeViewSet(ReadOnlyViewSet):
    model = Pledge
    icon = "doc-full"
    menu_label = _("公开承诺")
    list_display = ["__str__", "status", "year"]
    list_filter = ["status", "year"]

    def get_queryset(self, request):
        scope = scope_for(request.user)
        queryset = Pledge.objects.select_related("member", "organisation")
        if scope is True:
            return queryset
        if scope is None:
            return queryset.none()
        return queryset.for_organisation_subtree(scope)


class RatingViewSet(ReadOnlyViewSet):
    model = Rating
    icon = "pick"
    menu_label = _("群众评议")
    list_display = ["__str__", "comment", "comment_status", "rated_on"]
    list_filter = ["level", "comment_status"]

    def get_queryset(self, request):
        from pledges.views.admin import scoped

        return scoped(
            Rating.objects.select_related("window", "pledge__member", "pledge__organisation"),
            request.user,
            "window",
            "pledge__organisation",
            "pledge__member__organisation",
        )


class StarRatingViewSet(ReadOnlyViewSet):
    model = StarRating
    icon = "pick"
    menu_label = _("十星评定")
    list_display = ["__str__", "score", "stars"]
    list_filter = ["year", "half", "stars"]

    def get_queryset(self, request):
        from pledges.views.admin import scoped

        return scoped(
            StarRating.objects.select_related("member", "organisation"),
            request.user,
            "organisation",
            "member__organisation",
        )


class MonthlyRankingViewSet(ReadOnlyViewSet):
    model = MonthlyRanking
    icon = "list-ol"
    menu_label = _("月评比通报")
    list_display = ["__str__", "published_at"]

    def get_queryset(self, request):
        # A published 通报 is public: every unit's staff may read all of it.
        return MonthlyRanking.objects.all()


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
