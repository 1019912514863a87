"""一诺双评创十星: the admin-set weights and thresholds, and each half year's star levels."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.models import Member, Organisation

DEFAULT_THRESHOLDS = "0,40,50,60,65,70,75,80,85,90"


@register_setting(icon="pick")
class StarSettings(BaseGenericSetting):
    public_weight = models.PositiveSmallIntegerField(
        _("群众评议权重"), default=50, validators=[MaxValueValidator(100)]
    )
    leader_weight = models.PositiveSmallIntegerField(
        _("领导点评权重"), default=30, validators=[MaxValueValidator(100)]
    )
    peer_weight = models.PositiveSmallIntegerField(
        _("党员互评权重"), default=20, validators=[MaxValueValidator(100)]
    )
    thresholds = models.CharField(
        _("星级分数线"),
        max_length=100,
        default=DEFAULT_THRESHOLDS,
        help_text=_("十个从低到高的分数，用逗号分隔：综合得分达到第 N 个分数即为 N 星。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("public_weight"), FieldPanel("leader_weight"), FieldPanel("peer_weight")],
            heading=_("权重"),
        ),
        FieldPanel("thresholds"),
    ]

    class Meta:
        verbose_name = _("十星评定规则")

    def clean(self) -> None:
        from pledges.scoring import parse_thresholds

        if self.public_weight + self.leader_weight + self.peer_weight == 0:
            raise ValidationError(_("权重不能全为 0。"))
        try:
            parse_thresholds(self.thresholds)
        except ValueError as error:
            raise ValidationError({"thresholds": str(error)}) from error

    @property
    def weights(self) -> dict[str, int]:
        return {
            "public": self.public_weight,
            "leader": self.leader_weight,
            "peer": self.peer_weight,
        }

    @property
    def threshold_list(self) -> list[int]:
        from pledges.scoring import parse_thresholds

        return parse_thresholds(self.thresholds)


class StarRating(models.Model):
    """A member's or an organisation's star level for one half year, with its components."""

    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="star_ratings",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="star_ratings",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    public_score = models.DecimalField(
        _("群众评议"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    leader_score = models.DecimalField(
        _("领导点评"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    peer_score = models.DecimalField(
        _("党员互评"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    score = models.DecimalField(_("综合得分"), max_digits=4, decimal_places=1)
    stars = models.PositiveSmallIntegerField(_("星级"))
    computed_at = models.DateTimeField(_("评定时间"), auto_now=True)

    class Meta:
        verbose_name = _("十星评定")
        verbose_name_plural = _("十星评定")
        ordering = ["-year", "-half", "-stars"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organisation__isnull=True))
                | (Q(member__isnull=True) & Q(organisation__isnull=False)),
                name="star_member_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["member", "year", "half"],
                condition=Q(member__isnull=False),
                name="star_once_per_member_half",
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "half"],
                condition=Q(organisation__isnull=False),
                name="star_once_per_organisation_half",
            ),
            models.CheckConstraint(condition=Q(stars__range=(1, 10)), name="stars_1_to_10"),
        ]

    def __str__(self) -> str:
        owner = self.member or self.organisation
        return f"{owner} {self.year}年{self.get_half_display()} {self.stars}星"
