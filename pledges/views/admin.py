"""Admin work of 三亮 三比 三评: pledge review and 回头看, comment moderation, review rounds,
stars and the monthly ranking. Each view is a thin form over `pledges.services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from pledges import selectors, services
from pledges.models import (
    DemocraticGrade,
    FulfilmentUpdate,
    LeaderReview,
    MonthlyRanking,
    PeerRating,
    Pledge,
    PledgeItem,
    Rating,
    ReviewRound,
    SelfAssessment,
    StarRating,
)
from portal.admin_pages import AdminPageMixin
from portal.exports import xlsx_response
from portal.inputs import object_or_404, parse_id, parse_year
from portal.models import Member, Organisation
from portal.permissions import is_staff_role, member_of, scoped


def _posted(model, request, name: str):
    """The object whose id was posted as `name`; 404 for a missing or malformed id."""
    return object_or_404(model, request.POST.get(name, ""))


def _year_and_half(request) -> tuple[int, int]:
    """The posted 年度 (2000–2100) and 半年 (1 or 2), or a Chinese refusal."""
    year, half = parse_year(request.POST.get("year")), parse_id(request.POST.get("half"))
    if year is None or half is None:
        raise services.PledgeError(_("请填写年度（2000–2100）和半年。"))
    return year, half


class StaffView(AdminPageMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request, *args, **kwargs)
        except services.PledgeError as error:
            messages.error(request, str(error))
            context = self.get_context_data(**kwargs)
            return self.render_to_response(context, status=400)
        messages.success(request, message)
        return redirect(request.get_full_path())


class PledgeReviewView(StaffView):
    """示诺 and 回头看: submitted pledges to publish or return, published ones to look back on."""

    template_name = "pledges/admin/pledge_review.html"
    page_title = gettext_lazy("承诺审核与回头看")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledges = scoped(
            Pledge.objects.select_related("member__organisation", "organisation").prefetch_related(
                "items"
            ),
            self.request.user,
            "organisation",
            "member__organisation",
        )
        # The reviewer's own pledge is someone else's to review (as the workbench counts).
        member = member_of(self.request.user)
        submitted = pledges.filter(status=Pledge.Status.SUBMITTED)
        context["submitted"] = submitted.exclude(member=member) if member else submitted
        context["published"] = pledges.filter(status=Pledge.Status.PUBLISHED).prefetch_related(
            Prefetch("updates", queryset=FulfilmentUpdate.objects.order_by("happened_on", "pk"))
        )
        context["outcomes"] = [c for c in PledgeItem.Outcome.choices if c[0]]
        return context

    def act(self, request):
        pledge = _posted(Pledge, request, "pledge")
        action = request.POST.get("action")
        if action == "publish":
            services.publish_pledge(pledge=pledge, by=request.user)
            return _("已公开：%(p)s") % {"p": pledge}
        if action == "return":
            services.return_pledge(
                pledge=pledge, by=request.user, note=request.POST.get("note", "")
            )
            return _("已退回：%(p)s") % {"p": pledge}
        if action == "look_back":
            outcomes = {
                item.pk: (
                    request.POST.get(f"outcome-{item.pk}", ""),
                    request.POST.get(f"note-{item.pk}", ""),
                )
                for item in pledge.items.all()
            }
            services.look_back(pledge=pledge, by=request.user, outcomes=outcomes)
            return _("回头看已完成：%(p)s，承诺人可以再承诺。") % {"p": pledge}
        raise services.PledgeError(_("未知操作。"))


class CommentModerationView(StaffView):
    template_name = "pledges/admin/comments.html"
    page_title = gettext_lazy("群众留言审核")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ratings = scoped(
            Rating.objects.select_related("window", "pledge__member", "pledge__organisation"),
            self.request.user,
            "window",
            "pledge__organisation",
            "pledge__member__organisation",
        )
        context["pending"] = ratings.filter(comment_status=Rating.CommentStatus.PENDING)[:100]
        return context

    def act(self, request):
        rating = _posted(Rating, request, "rating")
        approve = request.POST.get("action") == "approve"
        services.moderate_comment(rating=rating, by=request.user, approve=approve)
        return _("留言已公开。") if approve else _("留言不公开。")


class HeldRatingsView(StaffView):
    """Ratings held out of the scores as a burst: a secretary counts them or discards them."""

    template_name = "pledges/admin/held_ratings.html"
    page_title = gettext_lazy("评价核实")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ratings = scoped(
            Rating.objects.select_related("window", "pledge__member", "pledge__organisation"),
            self.request.user,
            "window",
            "pledge__organisation",
            "pledge__member__organisation",
        )
        context["held"] = ratings.filter(check_status=Rating.CheckStatus.HELD).order_by(
            "created_at"
        )[:200]
        return context

    def act(self, request):
        rating = _posted(Rating, request, "rating")
        keep = request.POST.get("action") == "keep"
        services.check_held_rating(rating=rating, by=request.user, keep=keep)
        return _("该评价已计入满意率。") if keep else _("该评价已剔除，不计入满意率。")


ROUNDS_WAITING_TITLES = {
    "review": gettext_lazy("待领导点评的评议"),
    "grade": gettext_lazy("待提出民主评议等次的评议"),
    "confirm": gettext_lazy("待党委确认等次的民主评议"),
}


class RoundListView(StaffView):
    template_name = "pledges/admin/rounds.html"
    page_title = gettext_lazy("三评与民主评议")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rounds = scoped(ReviewRound.objects.select_related("branch"), user, "branch")
        waiting = self.request.GET.get("waiting", "")
        if waiting in selectors.ROUNDS_WAITING:
            # The workbench's links: only the rounds where that work waits on this user.
            rounds = selectors.rounds_waiting(rounds, waiting, reviewer=member_of(user))
            context["waiting_title"] = ROUNDS_WAITING_TITLES[waiting]
        context["rounds"] = rounds
        branches = Organisation.objects.filter(
            kind__in=[Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH]
        )
        context["branches"] = scoped(branches, user, "")
        context["this_year"] = timezone.localdate().year
        return context

    def act(self, request):
        branch_id = parse_id(request.POST.get("branch"))
        branch = Organisation.objects.filter(pk=branch_id).first() if branch_id else None
        if branch is None:
            raise services.PledgeError(_("请选择党支部。"))
        year, half = _year_and_half(request)
        round = services.open_round(
            branch=branch,
            by=request.user,
            year=year,
            half=half,
            is_annual=request.POST.get("is_annual") == "on",
        )
        return _("已开始：%(r)s") % {"r": round}


class RoundDetailView(StaffView):
    """One round: who has self-assessed, peer averages, leader reviews and grades."""

    template_name = "pledges/admin/round_detail.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.round = get_object_or_404(
            ReviewRound.objects.select_related("branch"), pk=kwargs["pk"]
        )
        if (
            not is_staff_role(request.user)
            or not scoped(
                ReviewRound.objects.filter(pk=self.round.pk), request.user, "branch"
            ).exists()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.round)

    def parent_breadcrumbs(self):
        return [{"url": reverse("pledges_admin_rounds"), "label": _("三评与民主评议")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.round
        members = list(round.participants().select_related("organisation"))
        peer = {
            row["ratee"]: row
            for row in PeerRating.objects.filter(round=round)
            .values("ratee")
            .annotate(
                skill=Avg("skill"),
                conduct=Avg("conduct"),
                performance=Avg("performance"),
                raters=Count("pk"),
            )
        }
        leader = {
            r.member_id: r for r in LeaderReview.objects.filter(round=round, member__isnull=False)
        }
        grades = {g.member_id: g for g in DemocraticGrade.objects.filter(round=round)}
        tallies = services.vote_tallies(round)
        selfs = set(SelfAssessment.objects.filter(round=round).values_list("member_id", flat=True))
        context["rows"] = [
            {
                "member": m,
                "self": m.pk in selfs,
                "peer": peer.get(m.pk),
                "leader": leader.get(m.pk),
                "grade": grades.get(m.pk),
                "votes": tallies.get(m.pk, {}),
            }
            for m in members
        ]
        windows = Organisation.objects.windows().subtree_of(round.branch)
        window_reviews = {
            r.window_id: r for r in LeaderReview.objects.filter(round=round, window__isnull=False)
        }
        context["windows"] = [(w, window_reviews.get(w.pk)) for w in windows]
        context["round"] = round
        context["grades"] = DemocraticGrade.Grade.choices
        context["cap"] = services.excellent_cap(round)
        context["is_committee"] = (
            self.request.user.is_superuser
            or getattr(member_of(self.request.user), "role", "") == Member.Role.COMMITTEE
        )
        return context

    def act(self, request, pk):
        round = self.round
        action = request.POST.get("action")
        if action == "leader":
            target = {}
            if request.POST.get("member"):
                target["member"] = _posted(Member, request, "member")
            elif request.POST.get("window"):
                target["window"] = _posted(Organisation, request, "window")
            services.write_leader_review(
                round=round,
                by=request.user,
                score=request.POST.get("score"),
                comment=request.POST.get("comment", ""),
                **target,
            )
            return _("领导点评已保存。")
        if action == "grade":
            member = _posted(Member, request, "member")
            services.propose_grade(
                round=round, member=member, grade=request.POST.get("grade", ""), by=request.user
            )
            return _("已提出 %(name)s 的评议等次。") % {"name": member.name}
        if action == "close":
            services.close_round(round=round, by=request.user)
            return _("本轮评议已结束。")
        if action == "confirm":
            count = services.confirm_grades(round=round, by=request.user)
            return _("已确认 %(n)d 名党员的评议等次。") % {"n": count}
        raise services.PledgeError(_("未知操作。"))


class StarsAndRankingView(StaffView):
    template_name = "pledges/admin/stars.html"
    page_title = gettext_lazy("十星评定与月评比")
    header_icon = "pick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["periods"] = StarRating.objects.values("year", "half").annotate(n=Count("pk"))
        context["rankings"] = MonthlyRanking.objects.all()[:12]
        context["this_year"] = today.year
        context["last_month"] = services.previous_month(today)
        return context

    def act(self, request):
        action = request.POST.get("action")
        if action == "stars":
            year, half = _year_and_half(request)
            if half not in (1, 2):
                raise services.PledgeError(_("请选择上半年或下半年。"))
            stars = services.compute_stars(year=year, half=half, by=request.user)
            return _("已评定 %(n)d 个党员和组织的星级。") % {"n": len(stars)}
        if action == "ranking":
            if not (
                request.user.is_superuser or request.user.has_perm("pledges.add_monthlyranking")
            ):
                raise services.PledgeError(_("月评比通报由党委管理员发布。"))
            year, _sep, month = request.POST.get("month", "").partition("-")
            year, month = parse_year(year), parse_id(month)
            if year is None or month is None or month > 12:
                raise services.PledgeError(_("请选择月份。"))
            month_start = timezone.datetime(year, month, 1).date()
            ranking = services.publish_monthly_ranking(month=month_start)
            return _("已发布：%(r)s") % {"r": ranking}
        raise services.PledgeError(_("未知操作。"))


RANKING_HEADER = [
    _("名次"),
    _("服务窗口"),
    _("所属单位"),
    _("综合得分"),
    _("满意率（%）"),
    _("群众评价数"),
    _("月度考核得分"),
    _("通报"),
]


def _ranking_mark(entry) -> str:
    marks = []
    if entry.is_red_flag:
        marks.append(_("红旗窗口"))
    if entry.is_top:
        marks.append(_("前三名"))
    if entry.is_bottom:
        marks.append(_("后三名"))
    return "、".join(marks)


class RankingExportView(StaffView):
    """月评比 of one month as .xlsx, for the notice sent upward.

    The ranking is already published on the public site, so every staff user
    gets the whole list, as printed in the notice.
    """

    def get(self, request, year: int, month: int):
        try:
            month_start = timezone.datetime(year, month, 1).date()
        except ValueError:
            raise Http404 from None
        ranking = get_object_or_404(MonthlyRanking, month=month_start)
        entries = ranking.entries.select_related("window__parent").order_by(
            F("rank").asc(nulls_last=True), "window__name"
        )

        def rows():
            for entry in entries.iterator(chunk_size=500):
                yield [
                    entry.rank,
                    entry.window.name,
                    entry.window.parent.name if entry.window.parent_id else "",
                    entry.score,
                    entry.satisfaction_rate,
                    entry.ratings_count,
                    entry.leader_score,
                    _ranking_mark(entry),
                ]

        label = f"{month_start.year}年{month_start.month}月"
        return xlsx_response(
            f"{label}服务窗口月评比.xlsx",
            _("月评比"),
            RANKING_HEADER,
            rows(),
            column_widths=[6, 24, 24, 10, 11, 11, 12, 22],
            title=f"{label}服务窗口月评比通报",
        )
