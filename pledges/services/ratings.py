"""群众评议: a visitor's rating of a pledge or window, its limits, held bursts, moderation."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pledges.models import (
    Pledge,
    Rating,
)
from pledges.models.ratings import RATING_COMMENT_MAX_LENGTH
from portal.models import Organisation
from portal.permissions import organisation_in_scope

from .common import AlreadyRated, PledgeError, ProofNeeded, RateLimited

RATINGS_PER_IP_PER_MINUTE = 100


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
