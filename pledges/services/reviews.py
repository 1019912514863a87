"""党员互评, 领导点评 and 民主评议: review rounds, their votes and grades (优秀 at most ⅓)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges import scoring
from pledges.models import (
    AssessmentVote,
    DemocraticGrade,
    LeaderReview,
    PeerRating,
    ReviewRound,
    SelfAssessment,
)
from portal.models import Member, Organisation
from portal.permissions import member_of, organisation_in_scope, scope_for

from .common import PledgeError, check_year


def _leader(by, organisation: Organisation) -> Member | None:
    scope = scope_for(by)
    if scope is None or not organisation_in_scope(by, organisation):
        raise PledgeError(_("您无权管理该支部的评议。"))
    return member_of(by)


def open_round(*, branch: Organisation, by, year: int, half: int, is_annual: bool = False):
    _leader(by, branch)
    check_year(year)
    if half not in (1, 2):
        raise PledgeError(_("请选择上半年或下半年。"))
    if ReviewRound.objects.filter(branch=branch, year=year, half=half).exists():
        raise PledgeError(_("该支部本半年已有评议。"))
    return ReviewRound.objects.create(branch=branch, year=year, half=half, is_annual=is_annual)


def _participant(round: ReviewRound, member: Member) -> None:
    if not round.participants().filter(pk=member.pk).exists():
        raise PledgeError(_("%(name)s 不是本支部党员。") % {"name": member.name})


def _open(round: ReviewRound) -> None:
    if round.status != ReviewRound.Status.OPEN:
        raise PledgeError(_("本轮评议已结束。"))


def submit_self_assessment(*, round: ReviewRound, member: Member, text: str) -> SelfAssessment:
    _open(round)
    _participant(round, member)
    text = (text or "").strip()
    if not text:
        raise PledgeError(_("请填写个人自评。"))
    if len(text) > 1000:
        raise PledgeError(_("个人自评不能超过 1000 字。"))
    assessment, _created = SelfAssessment.objects.update_or_create(
        round=round, member=member, defaults={"text": text}
    )
    return assessment


def submit_peer_rating(
    *,
    round: ReviewRound,
    rater: Member,
    ratee: Member,
    skill: int,
    conduct: int,
    performance: int,
    comment: str = "",
) -> PeerRating:
    _open(round)
    if rater.pk == ratee.pk:
        raise PledgeError(_("不能给自己评分。"))
    _participant(round, rater)
    _participant(round, ratee)
    scores = []
    for value in (skill, conduct, performance):
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise PledgeError(_("比技能、比作风、比业绩须各打 1 至 5 分。"))
        scores.append(value)
    comment = (comment or "").strip()
    if len(comment) > 200:
        raise PledgeError(_("评语不能超过 200 字。"))
    rating, _created = PeerRating.objects.update_or_create(
        round=round,
        rater=rater,
        ratee=ratee,
        defaults=dict(zip(("skill", "conduct", "performance"), scores, strict=True))
        | {"comment": comment},
    )
    return rating


def peer_averages(*, round: ReviewRound, member: Member) -> dict:
    """What a ratee may see: averages and how many rated, never who gave what."""
    result = PeerRating.objects.filter(round=round, ratee=member).aggregate(
        skill=Avg("skill"),
        conduct=Avg("conduct"),
        performance=Avg("performance"),
        raters=Count("pk"),
    )
    if result["raters"]:
        result["score"] = scoring.peer_score(
            skill=result["skill"], conduct=result["conduct"], performance=result["performance"]
        )
    else:
        result["score"] = None
    return result


def cast_assessment_vote(
    *, round: ReviewRound, voter: Member, member: Member, grade: str
) -> AssessmentVote:
    """民主测评: an unsigned grade for a colleague, in the yearly round while it is open."""
    _open(round)
    if not round.is_annual:
        raise PledgeError(_("只有年度评议进行民主测评。"))
    if voter.pk == member.pk:
        raise PledgeError(_("不能测评自己。"))
    _participant(round, voter)
    _participant(round, member)
    if grade not in DemocraticGrade.Grade.values:
        raise PledgeError(_("请选择优秀、合格、基本合格或不合格。"))
    vote, _created = AssessmentVote.objects.update_or_create(
        round=round, voter=voter, member=member, defaults={"grade": grade}
    )
    return vote


def vote_tallies(round: ReviewRound) -> dict[int, dict[str, int]]:
    """{member id: {grade: votes}}: the 民主测评 result the secretary proposes grades from."""
    tallies: dict[int, dict[str, int]] = defaultdict(dict)
    rows = AssessmentVote.objects.filter(round=round).values("member", "grade")
    for row in rows.annotate(n=Count("pk")):
        tallies[row["member"]][row["grade"]] = row["n"]
    return tallies


def write_leader_review(
    *,
    round: ReviewRound,
    by,
    score: int,
    comment: str,
    member: Member | None = None,
    window: Organisation | None = None,
) -> LeaderReview:
    reviewer = _leader(by, round.branch)
    if (member is None) == (window is None):
        raise PledgeError(_("请选择一名党员或一个窗口。"))
    if member is not None:
        _participant(round, member)
        if reviewer is not None and reviewer.pk == member.pk:
            raise PledgeError(_("不能点评自己。"))
    if window is not None and (
        window.kind != Organisation.Kind.WINDOW or not round.branch.contains(window)
    ):
        raise PledgeError(_("只能点评本支部的服务窗口。"))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 100:
        raise PledgeError(_("点评得分须在 0 到 100 之间。"))
    comment = (comment or "").strip()
    if not comment or len(comment) > 500:
        raise PledgeError(_("请填写点评意见（不超过 500 字）。"))
    target = {"member": member} if member is not None else {"window": window}
    review, _created = LeaderReview.objects.update_or_create(
        round=round, **target, defaults={"score": score, "comment": comment, "reviewer": reviewer}
    )
    return review


def close_round(*, round: ReviewRound, by) -> ReviewRound:
    _leader(by, round.branch)
    round.status = ReviewRound.Status.CLOSED
    round.save(update_fields=["status"])
    return round


def excellent_cap(round: ReviewRound) -> int:
    """优秀 may go to at most one third of the branch's party members."""
    return round.participants().count() // 3


@transaction.atomic
def propose_grade(*, round: ReviewRound, member: Member, grade: str, by) -> DemocraticGrade:
    proposer = _leader(by, round.branch)
    # The ⅓ 优秀 cap is a rule over the whole round: proposals for different
    # members wait for each other here, so two at once cannot both take the last place.
    round = ReviewRound.objects.select_for_update().get(pk=round.pk)
    if not round.is_annual:
        raise PledgeError(_("只有年度评议评定民主评议等次。"))
    if round.status == ReviewRound.Status.OPEN:
        raise PledgeError(_("请先结束个人自评、党员互评和民主测评，再提出评议等次。"))
    _participant(round, member)
    if grade not in DemocraticGrade.Grade.values:
        raise PledgeError(_("请选择优秀、合格、基本合格或不合格。"))
    existing = (
        DemocraticGrade.objects.select_for_update().filter(round=round, member=member).first()
    )
    if existing and existing.confirmed_at:
        raise PledgeError(_("等次已经党委确认，不能修改。"))
    if grade == DemocraticGrade.Grade.EXCELLENT:
        cap = excellent_cap(round)
        others = (
            DemocraticGrade.objects.filter(round=round, grade=DemocraticGrade.Grade.EXCELLENT)
            .exclude(member=member)
            .count()
        )
        if others + 1 > cap:
            raise PledgeError(
                _(
                    "优秀等次不能超过支部党员人数的三分之一："
                    "本支部 %(n)d 名党员，最多 %(cap)d 名优秀。"
                )
                % {"n": round.participants().count(), "cap": cap}
            )
    record, _created = DemocraticGrade.objects.update_or_create(
        round=round, member=member, defaults={"grade": grade, "proposed_by": proposer}
    )
    return record


@transaction.atomic
def confirm_grades(*, round: ReviewRound, by) -> int:
    """The committee confirms the secretary's proposal once every member has a grade."""
    member = member_of(by)
    is_committee = by.is_superuser or (member is not None and member.role == Member.Role.COMMITTEE)
    may_confirm = is_committee and by.has_perm("pledges.confirm_grade")
    if not may_confirm or not organisation_in_scope(by, round.branch):
        raise PledgeError(_("民主评议等次由上级党委确认。"))
    missing = round.participants().exclude(democratic_grades__round=round).count()
    if missing:
        raise PledgeError(_("还有 %(n)d 名党员没有评定等次。") % {"n": missing})
    return DemocraticGrade.objects.filter(round=round, confirmed_at__isnull=True).update(
        confirmed_by=member, confirmed_at=timezone.now()
    )
