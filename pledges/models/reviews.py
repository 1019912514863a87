"""三评 inside a branch: review rounds, self-assessment, peer review, leader review, grades.

The yearly round doubles as 民主评议党员: 个人自评 → 党员互评 → 民主测评,
then the secretary proposes a grade and the committee confirms it.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation

score_1_5 = [MinValueValidator(1), MaxValueValidator(5)]
score_0_100 = [MinValueValidator(0), MaxValueValidator(100)]


class ReviewRound(models.Model):
    class Half(models.IntegerChoices):
        FIRST = 1, _("上半年")
        SECOND = 2, _("下半年")

    class Status(models.TextChoices):
        OPEN = "open", _("评议中")
        CLOSED = "closed", _("已结束")

    branch = models.ForeignKey(
        Organisation,
        verbose_name=_("党支部"),
        on_delete=models.CASCADE,
        related_name="review_rounds",
        limit_choices_to={"kind__in": [Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH]},
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=Half.choices)
    is_annual = models.BooleanField(
        _("年度民主评议党员"),
        default=False,
        help_text=_("年度评议同时作为民主评议党员，评定优秀、合格、基本合格、不合格等次。"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评议")
        verbose_name_plural = _("评议")
        ordering = ["-year", "-half", "branch__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year", "half"],
                name="review_round_once_per_half",
                violation_error_message=_("该支部本半年已有评议。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year}年{self.get_half_display()}评议"

    def participants(self):
        return Member.objects.in_subtree(self.branch).party_members()


class SelfAssessment(models.Model):
    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("评议"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("个人自评"), max_length=1000)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("个人自评")
        verbose_name_plural = _("个人自评")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="self_assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.round}"


class PeerRating(models.Model):
    """党员互评 on 比技能, 比作风, 比业绩; ratees only ever see averages."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="peer_ratings"
    )
    rater = models.ForeignKey(
        Member, verbose_name=_("评议人"), on_delete=models.CASCADE, related_name="+"
    )
    ratee = models.ForeignKey(
        Member, verbose_name=_("被评议人"), on_delete=models.CASCADE, related_name="peer_ratings"
    )
    skill = models.PositiveSmallIntegerField(_("比技能"), validators=score_1_5)
    conduct = models.PositiveSmallIntegerField(_("比作风"), validators=score_1_5)
    performance = models.PositiveSmallIntegerField(_("比业绩"), validators=score_1_5)
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党员互评")
        verbose_name_plural = _("党员互评")
        constraints = [
            models.UniqueConstraint(fields=["round", "rater", "ratee"], name="peer_rating_once"),
            models.CheckConstraint(condition=~Q(rater=F("ratee")), name="peer_rating_not_self"),
            models.CheckConstraint(
                condition=Q(skill__range=(1, 5))
                & Q(conduct__range=(1, 5))
                & Q(performance__range=(1, 5)),
                name="peer_rating_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.ratee}"


class LeaderReview(models.Model):
    """领导点评: a score (0–100) and a comment for a member or a window in a round."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="leader_reviews"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="leader_reviews",
    )
    window = models.ForeignKey(
        Organisation,
        verbose_name=_("服务窗口"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="leader_reviews",
        limit_choices_to={"kind": Organisation.Kind.WINDOW},
    )
    score = models.PositiveSmallIntegerField(_("点评得分"), validators=score_0_100)
    comment = models.TextField(_("点评意见"), max_length=500)
    reviewer = models.ForeignKey(
        Member, verbose_name=_("点评人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导点评")
        verbose_name_plural = _("领导点评")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(window__isnull=True))
                | (Q(member__isnull=True) & Q(window__isnull=False)),
                name="leader_review_member_xor_window",
                violation_error_message=_("请选择一名党员或一个窗口。"),
            ),
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(member__isnull=False),
                name="leader_review_once_per_member",
                violation_error_message=_("本轮已点评过该党员。"),
            ),
            models.UniqueConstraint(
                fields=["round", "window"],
                condition=Q(window__isnull=False),
                name="leader_review_once_per_window",
                violation_error_message=_("本轮已点评过该窗口。"),
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="leader_score_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.window} · {self.score}"


class DemocraticGrade(models.Model):
    """民主评议党员 grade: proposed by the secretary, confirmed by the committee."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        BASIC = "basic", _("基本合格")
        UNQUALIFIED = "unqualified", _("不合格")

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="grades"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="democratic_grades"
    )
    grade = models.CharField(_("评议等次"), max_length=20, choices=Grade.choices)
    proposed_by = models.ForeignKey(
        Member, verbose_name=_("提出人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        Member,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主评议等次")
        verbose_name_plural = _("民主评议等次")
        permissions = [("confirm_grade", _("可以确认民主评议等次"))]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="democratic_grade_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_grade_display()}"


class AssessmentVote(models.Model):
    """民主测评: in the yearly round each member marks every other member's grade, unsigned.

    The tallies guide the secretary's proposal; nobody sees who voted what.
    """

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        Member, verbose_name=_("测评人"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("被测评人"), on_delete=models.CASCADE, related_name="+"
    )
    grade = models.CharField(_("测评等次"), max_length=20, choices=DemocraticGrade.Grade.choices)

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter", "member"], name="vote_once"),
            models.CheckConstraint(condition=~Q(voter=F("member")), name="vote_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.member}"
