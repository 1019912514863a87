"""群众评议: a visitor's rating of a pledge or a window, with an optional moderated comment."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation

from .pledges import Pledge

RATING_COMMENT_MAX_LENGTH = 200


def satisfied(prefix: str = "") -> Q:
    """很满意 or 满意: the ratings the sources' satisfaction rate counts as satisfied.

    `prefix` reaches the rating through a relation, e.g. "ratings__" from a pledge.
    """
    return Q(**{f"{prefix}level__gte": Rating.Level.SATISFIED})


def satisfaction_counts() -> dict:
    """{"total": Count, "satisfied": Count} over ratings, for aggregate() or values().annotate()."""
    return {"total": Count("pk"), "satisfied": Count("pk", filter=satisfied())}


class RatingQuerySet(models.QuerySet):
    def counts(self) -> dict:
        """{"total": n, "satisfied": m} in one query, for the satisfaction rate."""
        return self.aggregate(**satisfaction_counts())

    def for_window(self, window: Organisation) -> "RatingQuerySet":
        return self.filter(window=window)

    def counted(self) -> "RatingQuerySet":
        """Ratings that count in satisfaction rates, 月评比 and 十星: not held for checking."""
        return self.filter(check_status__in=Rating.COUNTED_STATUSES)

    def approved_comments(self) -> "RatingQuerySet":
        return self.filter(comment_status=Rating.CommentStatus.APPROVED).exclude(comment="")


class Rating(models.Model):
    class Level(models.IntegerChoices):
        VERY_SATISFIED = 4, _("很满意")
        SATISFIED = 3, _("满意")
        BASIC = 2, _("基本满意")
        UNSATISFIED = 1, _("不满意")

    class CommentStatus(models.TextChoices):
        NONE = "", _("无留言")
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不公开")

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("承诺"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    window = models.ForeignKey(
        Organisation,
        verbose_name=_("服务窗口"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    level = models.PositiveSmallIntegerField(_("评价"), choices=Level.choices)
    comment = models.CharField(_("意见建议"), max_length=RATING_COMMENT_MAX_LENGTH, blank=True)
    comment_status = models.CharField(
        _("留言审核"), max_length=20, choices=CommentStatus.choices, blank=True, default=""
    )

    class CheckStatus(models.TextChoices):
        NONE = "", _("正常")
        HELD = "held", _("待核实")
        KEPT = "kept", _("已核实计入")
        DISCARDED = "discarded", _("已剔除")

    COUNTED_STATUSES = (CheckStatus.NONE, CheckStatus.KEPT)

    # A random id from the visitor's signed cookie: enough to refuse a second
    # rating the same day, and it says nothing about who the visitor is.
    visitor = models.CharField(_("访客标识"), max_length=40, editable=False)
    # A keyed hash of the client's address (never the address itself): enough
    # to count one address's ratings of a target in a day and to spot bursts.
    address = models.CharField(
        _("来源地址摘要"), max_length=32, blank=True, default="", editable=False
    )
    check_status = models.CharField(
        _("核实"), max_length=20, choices=CheckStatus.choices, blank=True, default=""
    )
    check_reason = models.CharField(_("待核实原因"), max_length=100, blank=True, default="")
    rated_on = models.DateField(_("评价日期"), db_index=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众评议")
        verbose_name_plural = _("群众评议")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(pledge__isnull=False) & Q(window__isnull=True))
                | (Q(pledge__isnull=True) & Q(window__isnull=False)),
                name="rating_target_pledge_xor_window",
            ),
            models.UniqueConstraint(
                fields=["visitor", "pledge", "rated_on"],
                condition=Q(pledge__isnull=False),
                name="rating_once_a_day_per_pledge",
            ),
            models.UniqueConstraint(
                fields=["visitor", "window", "rated_on"],
                condition=Q(window__isnull=False),
                name="rating_once_a_day_per_window",
            ),
        ]
        indexes = [
            models.Index(fields=["window", "rated_on"]),
            models.Index(fields=["comment_status"]),
            models.Index(fields=["address", "rated_on"]),
            models.Index(fields=["check_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.get_level_display()}"

    @property
    def target(self):
        return self.pledge if self.pledge_id else self.window
