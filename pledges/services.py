"""The operations of 三亮 三比 三评: pledges, ratings, reviews, stars and monthly rankings.

Views, admin views and tasks call these; each refuses with a `PledgeError`
whose message is shown to the user as is. `by` is always the acting account,
so the same scope rule (`portal.permissions`) guards the public site and the
admin.
"""

import hashlib
import hmac
import secrets
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges import scoring
from pledges.models import (
    AssessmentVote,
    DemocraticGrade,
    FulfilmentUpdate,
    LeaderReview,
    MonthlyLeaderScore,
    MonthlyRanking,
    PeerRating,
    Pledge,
    PledgeItem,
    RankingEntry,
    Rating,
    ReviewRound,
    SelfAssessment,
    StarRating,
    StarSettings,
)
from pledges.models.pledges import PLEDGE_ITEM_MAX_LENGTH
from pledges.models.ratings import RATING_COMMENT_MAX_LENGTH, satisfaction_counts
from portal.models import Member, Organisation
from portal.permissions import member_of, organisation_in_scope, scope_for
from portal.text_limits import clean_text

MEMBER_ITEMS = (2, 5)
ORGANISATION_MIN_ITEMS = 10
RATINGS_PER_IP_PER_MINUTE = 100
STANDARD_WINDOW_TITLE = "标准化服务窗口"


class PledgeError(Exception):
    """A refused operation; the message is in Chinese and meant for the user."""


class RateLimited(PledgeError):
    pass


class AlreadyRated(PledgeError):
    pass


class ProofNeeded(PledgeError):
    """Several ratings came from this address today: the next one needs the 验证码."""


# ---------------------------------------------------------------- pledges


def clean_items(*, lines: list[str], for_member: bool) -> list[str]:
    """Blank lines dropped; refuses over-long items and the wrong number of items."""
    items = [line.strip() for line in lines if line and line.strip()]
    if not items:
        raise PledgeError(_("请填写承诺事项，每行一条。"))
    for number, item in enumerate(items, start=1):
        if len(item) > PLEDGE_ITEM_MAX_LENGTH:
            raise PledgeError(
                _("第 %(n)d 条承诺超过 %(max)d 字，请精简。")
                % {"n": number, "max": PLEDGE_ITEM_MAX_LENGTH}
            )
    low, high = MEMBER_ITEMS
    if for_member and not low <= len(items) <= high:
        raise PledgeError(
            _("党员承诺须为 %(low)d 至 %(high)d 条，现在是 %(n)d 条。")
            % {"low": low, "high": high, "n": len(items)}
        )
    if not for_member and len(items) < ORGANISATION_MIN_ITEMS:
        raise PledgeError(
            _("组织承诺至少 %(min)d 条，现在是 %(n)d 条。")
            % {"min": ORGANISATION_MIN_ITEMS, "n": len(items)}
        )
    return items


def can_edit_pledge(*, pledge: Pledge, by) -> bool:
    """The owner writes a member's pledge; a secretary in scope writes an organisation's."""
    if pledge.member_id:
        member = member_of(by)
        return member is not None and member.pk == pledge.member_id
    return organisation_in_scope(by, pledge.organisation)


def can_review_pledge(*, pledge: Pledge, by) -> bool:
    """Secretaries in scope review, but never their own pledge."""
    member = member_of(by)
    if pledge.member_id and member is not None and member.pk == pledge.member_id:
        return False
    return organisation_in_scope(by, pledge.home_organisation)


def _replace_items(pledge: Pledge, items: list[str]) -> None:
    pledge.items.all().delete()
    PledgeItem.objects.bulk_create(
        PledgeItem(pledge=pledge, content=content, sort_order=i) for i, content in enumerate(items)
    )


@transaction.atomic
def create_pledge(
    *,
    by,
    year: int,
    lines: list[str],
    title: str = "",
    member: Member | None = None,
    organisation: Organisation | None = None,
    previous: Pledge | None = None,
) -> Pledge:
    if (member is None) == (organisation is None):
        raise PledgeError(_("承诺须属于一名党员或一个组织。"))
    title = clean_text(title, model=Pledge, field="title", error=PledgeError)
    pledge = Pledge(member=member, organisation=organisation, year=year, title=title)
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能为本人或本组织填写承诺。"))
    items = clean_items(lines=lines, for_member=member is not None)
    if previous is not None:
        if previous.status != Pledge.Status.REVIEWED:
            raise PledgeError(_("上一轮承诺“回头看”完成后才能再承诺。"))
        if (previous.member_id, previous.organisation_id) != (
            pledge.member_id,
            pledge.organisation_id,
        ):
            raise PledgeError(_("只能接续本人或本组织的承诺。"))
        if Pledge.objects.filter(previous=previous).exists():
            raise PledgeError(_("该承诺已经再承诺过了。"))
        pledge.previous = previous
    pledge.save()
    _replace_items(pledge, items)
    return pledge


@transaction.atomic
def update_pledge(*, pledge: Pledge, by, lines: list[str], title: str = "") -> Pledge:
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能修改本人或本组织的承诺。"))
    if pledge.status != Pledge.Status.DRAFT:
        raise PledgeError(_("已提交的承诺不能修改。"))
    items = clean_items(lines=lines, for_member=bool(pledge.member_id))
    pledge.title = clean_text(title, model=Pledge, field="title", error=PledgeError)
    pledge.save(update_fields=["title", "updated_at"])
    _replace_items(pledge, items)
    return pledge


def submit_pledge(*, pledge: Pledge, by) -> Pledge:
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能提交本人或本组织的承诺。"))
    if pledge.status != Pledge.Status.DRAFT:
        raise PledgeError(_("该承诺已提交。"))
    pledge.status = Pledge.Status.SUBMITTED
    pledge.save(update_fields=["status", "updated_at"])
    return pledge


def publish_pledge(*, pledge: Pledge, by) -> Pledge:
    """示诺: the secretary checks the pledge and puts it on the public wall."""
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权审核这份承诺（本人的承诺须由上级审核）。"))
    if pledge.status != Pledge.Status.SUBMITTED:
        raise PledgeError(_("只有待审核的承诺才能公开。"))
    pledge.status = Pledge.Status.PUBLISHED
    pledge.published_at = timezone.now()
    pledge.reviewed_by = member_of(by)
    pledge.review_note = ""
    pledge.save()
    return pledge


def return_pledge(*, pledge: Pledge, by, note: str) -> Pledge:
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权审核这份承诺。"))
    if pledge.status != Pledge.Status.SUBMITTED:
        raise PledgeError(_("只有待审核的承诺才能退回。"))
    note = clean_text(note, model=Pledge, field="review_note", error=PledgeError)
    if not note:
        raise PledgeError(_("退回时请写明修改意见。"))
    pledge.status = Pledge.Status.DRAFT
    pledge.review_note = note
    pledge.reviewed_by = member_of(by)
    pledge.save()
    return pledge


def add_fulfilment_update(
    *, pledge: Pledge, by, text: str, happened_on: date | None = None, photo=None
) -> FulfilmentUpdate:
    """践诺: the owner records what was done; only on a pledge the public can see."""
    if not can_edit_pledge(pledge=pledge, by=by):
        raise PledgeError(_("只能为本人或本组织的承诺添加践诺记录。"))
    if pledge.status != Pledge.Status.PUBLISHED:
        raise PledgeError(_("承诺公开后、回头看之前才能添加践诺记录。"))
    text = (text or "").strip()
    if not text:
        raise PledgeError(_("请填写践诺情况。"))
    if len(text) > 1000:
        raise PledgeError(_("践诺情况不能超过 1000 字。"))
    today = timezone.localdate()
    happened_on = happened_on or today
    if happened_on > today:
        raise PledgeError(_("日期不能晚于今天。"))
    return FulfilmentUpdate.objects.create(
        pledge=pledge, text=text, happened_on=happened_on, photo=photo, author=member_of(by)
    )


@transaction.atomic
def look_back(*, pledge: Pledge, by, outcomes: dict[int, tuple[str, str]]) -> Pledge:
    """回头看: each item 已兑现 / 部分兑现 / 未兑现, with a public reason when not fulfilled."""
    if not can_review_pledge(pledge=pledge, by=by):
        raise PledgeError(_("您无权对这份承诺进行回头看。"))
    if pledge.status != Pledge.Status.PUBLISHED:
        raise PledgeError(_("只有已公开的承诺才能回头看。"))
    items = list(pledge.items.all())
    valid = {
        PledgeItem.Outcome.FULFILLED,
        PledgeItem.Outcome.PARTIAL,
        PledgeItem.Outcome.UNFULFILLED,
    }
    for item in items:
        outcome, note = outcomes.get(item.pk, ("", ""))
        note = (note or "").strip()
        if outcome not in valid:
            raise PledgeError(_("请为每条承诺选择兑现情况：%(item)s") % {"item": item.content})
        if outcome != PledgeItem.Outcome.FULFILLED and not note:
            raise PledgeError(
                _("未完全兑现的承诺须公开说明原因：%(item)s") % {"item": item.content}
            )
        if len(note) > 300:
            raise PledgeError(_("情况说明不能超过 300 字。"))
        item.outcome, item.outcome_note = outcome, note
    PledgeItem.objects.bulk_update(items, ["outcome", "outcome_note"])
    pledge.status = Pledge.Status.REVIEWED
    pledge.looked_back_at = timezone.now()
    pledge.save(update_fields=["status", "looked_back_at", "updated_at"])
    return pledge


def repledge(*, previous: Pledge, by, lines: list[str], title: str = "", year: int | None = None):
    """再承诺: a new draft linked to the looked-back pledge, which stays as it was."""
    return create_pledge(
        by=by,
        year=year or max(previous.year, timezone.localdate().year),
        lines=lines,
        title=title,
        member=previous.member,
        organisation=previous.organisation,
        previous=previous,
    )


# ---------------------------------------------------------------- 群众评议


def new_visitor_id() -> str:
    return secrets.token_urlsafe(16)


def check_rate_limit(*, ip: str) -> None:
    """At most RATINGS_PER_IP_PER_MINUTE ratings a minute from one address (shared cache)."""
    bucket = int(timezone.now().timestamp() // 60)
    key = f"pledges:ratings:{ip}:{bucket}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    if count > RATINGS_PER_IP_PER_MINUTE:
        raise RateLimited(_("评价过于频繁，请稍后再试。"))


def address_key(ip: str) -> str:
    """A keyed hash of the client address: ratings are counted per address without storing it."""
    return hmac.new(
        django_settings.SECRET_KEY.encode(), f"rating-address:{ip}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def anonymous_visitor_id(*, ip: str, user_agent: str) -> str:
    """The visitor id of a first visit (no cookie yet): the same for the same browser all day.

    A double click on the very first visit sends two posts without the cookie;
    both get this id, so the once-a-day constraint holds for them too.
    """
    day = timezone.localdate().isoformat()
    digest = hmac.new(
        django_settings.SECRET_KEY.encode(),
        f"rating-visitor:{day}:{ip}:{user_agent}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"a-{digest[:30]}"


def needs_proof(*, ip: str) -> bool:
    """True once this address has rated PLEDGES_RATINGS_BEFORE_PROOF times today."""
    before = django_settings.PLEDGES_RATINGS_BEFORE_PROOF
    today = timezone.localdate()
    return Rating.objects.filter(address=address_key(ip), rated_on=today).count() >= before


def _burst_reason(*, address: str, target: dict, now) -> str:
    """Why a new rating of `target` looks like stuffing, or "" when it does not."""
    since = now - timedelta(minutes=django_settings.PLEDGES_BURST_MINUTES)
    recent = Rating.objects.filter(created_at__gte=since, **target)
    if recent.filter(address=address).count() >= django_settings.PLEDGES_BURST_PER_ADDRESS:
        return _("同一网络地址短时间内多次评价")
    if recent.count() >= django_settings.PLEDGES_BURST_PER_TARGET:
        return _("短时间内评价数量异常")
    return ""


def rate(
    *,
    level: int | str,
    visitor: str,
    ip: str,
    comment: str = "",
    pledge: Pledge | None = None,
    window: Organisation | None = None,
    proven_human: bool = False,
) -> Rating:
    """One rating per visitor per target per day; comments wait for a secretary's approval.

    Against stuffing, per client address: a 验证码 after the first few ratings
    of the day, at most PLEDGES_RATINGS_PER_ADDRESS_PER_DAY ratings of one
    target a day, and ratings in a burst are held out of every score
    (satisfaction rate, 月评比, 十星) until a secretary has checked them.
    """
    if (pledge is None) == (window is None):
        raise PledgeError(_("请选择评价对象。"))
    if pledge is not None and not pledge.is_public:
        raise PledgeError(_("该承诺尚未公开，不能评价。"))
    if window is not None and (window.kind != Organisation.Kind.WINDOW or not window.is_active):
        raise PledgeError(_("只能评价服务窗口。"))
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in Rating.Level.values:
        raise PledgeError(_("请选择很满意、满意、基本满意或不满意。"))
    comment = (comment or "").strip()
    if len(comment) > RATING_COMMENT_MAX_LENGTH:
        raise PledgeError(_("意见建议不能超过 %(max)d 字。") % {"max": RATING_COMMENT_MAX_LENGTH})
    if not visitor:
        raise PledgeError(_("请开启浏览器 Cookie 后再评价。"))
    check_rate_limit(ip=ip)
    today = timezone.localdate()
    target = {"pledge": pledge} if pledge is not None else {"window": window}
    already = _("您今天已经评价过了，感谢您的参与，明天可以再评。")
    address = address_key(ip)
    try:
        with transaction.atomic():
            # One rating of a target at a time, so the counts below cannot be raced past.
            locked = Pledge if pledge is not None else Organisation
            locked.objects.select_for_update().filter(pk=(pledge or window).pk).first()
            if Rating.objects.filter(visitor=visitor, rated_on=today, **target).exists():
                raise AlreadyRated(already)
            from_address = Rating.objects.filter(address=address, rated_on=today)
            limit = django_settings.PLEDGES_RATINGS_PER_ADDRESS_PER_DAY
            if from_address.filter(**target).count() >= limit:
                raise RateLimited(
                    _("今天来自您所在网络的评价已达上限（%(n)d 次），明天可以再评。") % {"n": limit}
                )
            if not proven_human and from_address.count() >= (
                django_settings.PLEDGES_RATINGS_BEFORE_PROOF
            ):
                raise ProofNeeded(_("请填写验证码后再提交评价。"))
            now = timezone.now()
            reason = _burst_reason(address=address, target=target, now=now)
            if reason:
                # The burst's earlier ratings are held with it.
                since = now - timedelta(minutes=django_settings.PLEDGES_BURST_MINUTES)
                Rating.objects.filter(
                    address=address,
                    created_at__gte=since,
                    check_status=Rating.CheckStatus.NONE,
                    **target,
                ).update(check_status=Rating.CheckStatus.HELD, check_reason=reason)
            return Rating.objects.create(
                level=level,
                comment=comment,
                comment_status=Rating.CommentStatus.PENDING if comment else "",
                visitor=visitor,
                address=address,
                check_status=Rating.CheckStatus.HELD if reason else Rating.CheckStatus.NONE,
                check_reason=reason,
                rated_on=today,
                **target,
            )
    except IntegrityError:  # two clicks racing past the check above
        raise AlreadyRated(already) from None


def check_held_rating(*, rating: Rating, by, keep: bool) -> Rating:
    """A secretary's verdict on a held rating: counted from now on, or discarded for good."""
    if not organisation_in_scope(by, rating_organisation(rating)):
        raise PledgeError(_("只能核实本组织及下级组织的评价。"))
    if rating.check_status != Rating.CheckStatus.HELD:
        raise PledgeError(_("这条评价已经核实过了。"))
    rating.check_status = Rating.CheckStatus.KEPT if keep else Rating.CheckStatus.DISCARDED
    rating.save(update_fields=["check_status"])
    return rating


def rating_organisation(rating: Rating) -> Organisation:
    return rating.window if rating.window_id else rating.pledge.home_organisation


def moderate_comment(*, rating: Rating, by, approve: bool) -> Rating:
    if not organisation_in_scope(by, rating_organisation(rating)):
        raise PledgeError(_("您无权审核这条留言。"))
    if not rating.comment:
        raise PledgeError(_("这条评价没有留言。"))
    rating.comment_status = (
        Rating.CommentStatus.APPROVED if approve else Rating.CommentStatus.REJECTED
    )
    rating.save(update_fields=["comment_status"])
    return rating


# ---------------------------------------------------------------- 党员互评, 领导点评, 民主评议


def _leader(by, organisation: Organisation) -> Member | None:
    scope = scope_for(by)
    if scope is None or not organisation_in_scope(by, organisation):
        raise PledgeError(_("您无权管理该支部的评议。"))
    return member_of(by)


def _check_year(year) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PledgeError(_("年度应在 2000 至 2100 之间。"))


def open_round(*, branch: Organisation, by, year: int, half: int, is_annual: bool = False):
    _leader(by, branch)
    _check_year(year)
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


# ---------------------------------------------------------------- 一诺双评创十星


def half_bounds(year: int, half: int) -> tuple[date, date]:
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _rates(rows, key: str) -> dict:
    return {
        row[key]: scoring.satisfaction_rate(satisfied=row["satisfied"], total=row["total"])
        for row in rows
        if row[key] is not None
    }


@transaction.atomic
def compute_stars(*, year: int, half: int, by=None) -> list[StarRating]:
    """Scores every party member and every window or pledging organisation for a half year.

    A handful of grouped queries, whatever the number of people: the
    components are aggregated per owner, combined by `scoring`, and the
    half year's star levels replaced.
    """
    if by is not None and scope_for(by) is not True:
        member = member_of(by)
        if member is None or member.role != Member.Role.COMMITTEE:
            raise PledgeError(_("十星评定由党委管理员执行。"))
    _check_year(year)
    if half not in (1, 2):
        raise PledgeError(_("请选择上半年或下半年。"))
    settings = StarSettings.load()
    weights, thresholds = settings.weights, settings.threshold_list
    start, end = half_bounds(year, half)
    ratings = Rating.objects.counted().filter(rated_on__range=(start, end))
    counts = satisfaction_counts()
    member_public = _rates(ratings.values("pledge__member").annotate(**counts), "pledge__member")
    org_public = _rates(
        ratings.values("pledge__organisation").annotate(**counts), "pledge__organisation"
    )
    window_rows = ratings.filter(window__isnull=False).values("window").annotate(**counts)
    # A window's public score counts ratings of the window and of its own pledges.
    window_counts: dict = defaultdict(lambda: {"total": 0, "satisfied": 0})
    for row in window_rows:
        window_counts[row["window"]]["total"] += row["total"]
        window_counts[row["window"]]["satisfied"] += row["satisfied"]
    for row in (
        ratings.filter(pledge__organisation__kind=Organisation.Kind.WINDOW)
        .values("pledge__organisation")
        .annotate(**counts)
    ):
        window_counts[row["pledge__organisation"]]["total"] += row["total"]
        window_counts[row["pledge__organisation"]]["satisfied"] += row["satisfied"]
    org_public.update(
        {
            key: scoring.satisfaction_rate(satisfied=c["satisfied"], total=c["total"])
            for key, c in window_counts.items()
        }
    )

    reviews = LeaderReview.objects.filter(round__year=year, round__half=half)
    member_leader = {
        r["member"]: Decimal(r["avg"]).quantize(Decimal("0.1"))
        for r in reviews.filter(member__isnull=False).values("member").annotate(avg=Avg("score"))
    }
    org_leader = {
        r["window"]: Decimal(r["avg"]).quantize(Decimal("0.1"))
        for r in reviews.filter(window__isnull=False).values("window").annotate(avg=Avg("score"))
    }
    member_peer = {
        r["ratee"]: scoring.peer_score(
            skill=r["skill"], conduct=r["conduct"], performance=r["performance"]
        )
        for r in PeerRating.objects.filter(round__year=year, round__half=half)
        .values("ratee")
        .annotate(skill=Avg("skill"), conduct=Avg("conduct"), performance=Avg("performance"))
    }

    StarRating.objects.filter(year=year, half=half).delete()
    results = []
    for member_id in Member.objects.party_members().values_list("pk", flat=True):
        components = {
            "public": member_public.get(member_id),
            "leader": member_leader.get(member_id),
            "peer": member_peer.get(member_id),
        }
        results.append(_star(components, weights, thresholds, year, half, member_id=member_id))
    org_ids = set(org_public) | set(org_leader)
    for org_id in org_ids:
        components = {
            "public": org_public.get(org_id),
            "leader": org_leader.get(org_id),
            "peer": None,
        }
        results.append(_star(components, weights, thresholds, year, half, organisation_id=org_id))
    stars = [s for s in results if s is not None]
    StarRating.objects.bulk_create(stars)
    return stars


def last_half(today: date) -> tuple[int, int]:
    """The half year that ended most recently: on 1 July the first half, on 1 January the last."""
    return (today.year, 1) if today.month > 6 else (today.year - 1, 2)


def _star(components, weights, thresholds, year, half, **owner) -> StarRating | None:
    score = scoring.combined_score(components, weights)
    stars = scoring.stars_for(score, thresholds)
    if stars is None:
        return None
    return StarRating(
        year=year,
        half=half,
        public_score=components["public"],
        leader_score=components["leader"],
        peer_score=components["peer"],
        score=score,
        stars=stars,
        **owner,
    )


# ---------------------------------------------------------------- 月评比


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def window_is_standardised(window: Organisation, *, on: date) -> bool:
    """Only a window holding 标准化服务窗口 may be 红旗窗口; honours knows who holds it."""
    from honors.services import holds_title

    return holds_title(window, STANDARD_WINDOW_TITLE, on=on)


@transaction.atomic
def publish_monthly_ranking(*, month: date, note: str = "") -> MonthlyRanking:
    """Ranks active windows on the month's ratings and leader scores; run once per month.

    A notice once published is a public record and is returned unchanged if
    asked for again.
    """
    month = month.replace(day=1)
    existing = MonthlyRanking.objects.filter(month=month).first()
    if existing is not None:
        return existing
    end = month_end(month)
    weights = StarSettings.load().weights
    windows = list(Organisation.objects.windows().active())
    rating_rows = {
        row["window"]: row
        for row in Rating.objects.counted()
        .filter(window__isnull=False, rated_on__range=(month, end))
        .values("window")
        .annotate(**satisfaction_counts())
    }
    leader = dict(MonthlyLeaderScore.objects.filter(month=month).values_list("window", "score"))
    ranking = MonthlyRanking.objects.create(month=month, note=note)
    scores, entries = {}, {}
    for window in windows:
        row = rating_rows.get(window.pk, {"total": 0, "satisfied": 0})
        rate = scoring.satisfaction_rate(satisfied=row["satisfied"], total=row["total"])
        leader_score = Decimal(leader[window.pk]) if window.pk in leader else None
        score = scoring.combined_score(
            {"public": rate, "leader": leader_score},
            {"public": weights["public"], "leader": weights["leader"]},
        )
        entries[window.pk] = RankingEntry(
            ranking=ranking,
            window=window,
            score=score,
            satisfaction_rate=rate,
            ratings_count=row["total"],
            leader_score=leader_score,
        )
        if score is not None:
            scores[window.pk] = score
    ranks = scoring.competition_ranks(scores)
    top, bottom = scoring.top_and_bottom(scores)
    eligible = [pk for pk in scores if window_is_standardised(_by_pk(windows, pk), on=end)]
    red_flags = set(scoring.best_of(scores, eligible))
    for pk, entry in entries.items():
        entry.rank = ranks.get(pk)
        entry.is_top = any(s.key == pk for s in top)
        entry.is_bottom = any(s.key == pk for s in bottom)
        entry.is_red_flag = pk in red_flags
    RankingEntry.objects.bulk_create(entries.values())
    return ranking


def _by_pk(windows: list[Organisation], pk: int) -> Organisation:
    return next(w for w in windows if w.pk == pk)
