"""亮身份 and 亮承诺: identity plates, pledges with their items, and fulfilment updates.

A pledge belongs to a member or to an organisation, never both; the
承诺 → 示诺 → 践诺 → 评诺 → 奖诺 cycle moves it through `Status`, and a
re-pledge is a new row pointing at the one it replaces, so history is
never overwritten.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation
from portal.permissions import in_subtree

PLEDGE_ITEM_MAX_LENGTH = 200


class IdentityPlate(models.Model):
    """A member's public plate (党员岗位牌); only published plates have a public page."""

    class Post(models.TextChoices):
        NONE = "", _("（无）")
        VANGUARD = "vanguard", _("党员先锋岗")
        MODEL = "model", _("党员示范岗")

    member = models.OneToOneField(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="identity_plate"
    )
    post_title = models.CharField(
        _("岗位称号"), max_length=20, choices=Post.choices, blank=True, default=""
    )
    motto = models.CharField(_("服务格言"), max_length=60, blank=True)
    is_published = models.BooleanField(_("公开亮身份"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("党员身份牌")
        verbose_name_plural = _("党员身份牌")
        ordering = ["member__organisation__path", "member__name"]

    def __str__(self) -> str:
        return str(self.member)

    @property
    def party_mark(self) -> str:
        if self.member.status == Member.Status.PROBATIONARY:
            return str(_("预备党员"))
        if self.member.status == Member.Status.FULL:
            return str(_("共产党员"))
        return ""


# Published pledges and those already looked back on: what the public sees.
PUBLIC_STATUSES = ["published", "reviewed"]


class PledgeQuerySet(models.QuerySet):
    def published(self) -> "PledgeQuerySet":
        """What the public sees: published pledges and those already looked back on."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def for_organisation_subtree(self, organisation: Organisation) -> "PledgeQuerySet":
        return in_subtree(self, organisation, "organisation", "member__organisation")

    def with_satisfaction(self) -> "PledgeQuerySet":
        """Counts for the satisfaction rate, in the same query as the pledges."""
        from .ratings import satisfied

        # Ratings held for a moderator's check do not count (see Rating.CheckStatus).
        counted = Q(ratings__check_status__in=["", "kept"])
        return self.annotate(
            ratings_total=Count("ratings", filter=counted, distinct=True),
            ratings_satisfied=Count(
                "ratings", filter=counted & satisfied("ratings__"), distinct=True
            ),
        )

    def for_wall(self) -> "PledgeQuerySet":
        return (
            self.published()
            .select_related("member__organisation", "organisation", "previous")
            .prefetch_related("items")
        )


class Pledge(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        PUBLISHED = "published", _("已公开")
        REVIEWED = "reviewed", _("已回头看")

    member = models.ForeignKey(
        Member,
        verbose_name=_("承诺党员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("承诺组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    year = models.PositiveSmallIntegerField(_("承诺年度"))
    title = models.CharField(_("承诺主题"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一轮承诺"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_pledge",
    )
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        Member,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    looked_back_at = models.DateTimeField(_("回头看时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The owner's unit's path, copied onto the row so the wall can order by it and
    # narrow to a subtree with one index (pledges.services.home_paths keeps it in step).
    home_path = models.CharField(_("所属组织路径"), max_length=255, editable=False, default="")

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开承诺")
        verbose_name_plural = _("公开承诺")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organisation__isnull=True))
                | (Q(member__isnull=True) & Q(organisation__isnull=False)),
                name="pledge_owner_member_xor_organisation",
                violation_error_message=_("承诺须属于一名党员或一个组织。"),
            )
        ]
        indexes = [
            models.Index(fields=["status", "year"]),
            # The wall's order and its subtree filter (LIKE 'path%'), public pledges only.
            models.Index(
                fields=["home_path", "organisation", "-year", "id"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="pledge_wall_order",
            ),
            models.Index(
                fields=["home_path"],
                opclasses=["varchar_pattern_ops"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="pledge_wall_subtree",
            ),
            # The wall's year list: its first and last year, two probes of this index.
            models.Index(
                fields=["year"], condition=Q(status__in=PUBLIC_STATUSES), name="pledge_wall_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_name} {self.year}年承诺"

    def save(self, *args, **kwargs) -> None:
        # A new row starts with its owner's path; later moves are followed by
        # pledges.services.home_paths, which rewrites the copies when a unit or member moves.
        if self._state.adding and not self.home_path:
            self.home_path = self.home_organisation.path
        super().save(*args, **kwargs)

    @property
    def owner_name(self) -> str:
        return self.member.name if self.member_id else self.organisation.name

    @property
    def home_organisation(self) -> Organisation:
        """The organisation that answers for this pledge: the owner's unit."""
        return self.member.organisation if self.member_id else self.organisation

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.REVIEWED}

    def set_satisfaction(self, *, total: int, satisfied: int) -> None:
        self.ratings_total, self.ratings_satisfied = total, satisfied

    @property
    def satisfaction_rate(self):
        from pledges.scoring import satisfaction_rate

        total = getattr(self, "ratings_total", None)
        if total is None:
            return None
        return satisfaction_rate(satisfied=self.ratings_satisfied, total=total)


class PledgeItem(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "", _("待回头看")
        FULFILLED = "fulfilled", _("已兑现")
        PARTIAL = "partial", _("部分兑现")
        UNFULFILLED = "unfulfilled", _("未兑现")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("承诺"), on_delete=models.CASCADE, related_name="items"
    )
    content = models.CharField(_("承诺事项"), max_length=PLEDGE_ITEM_MAX_LENGTH)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    outcome = models.CharField(
        _("兑现情况"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.CharField(_("情况说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.content


class FulfilmentUpdate(models.Model):
    """践诺记录: what the owner did toward the pledge, with an optional photo."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("承诺"), on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("践诺情况"), max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        Member, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_on = models.DateField(_("日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("践诺记录")
        verbose_name_plural = _("践诺记录")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.happened_on}"
