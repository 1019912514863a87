"""月评比: monthly leader scores for windows, and the published monthly ranking notices."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation


class MonthlyLeaderScore(models.Model):
    """The leaders' monthly assessment (月度考核) of a window, one of the ranking's inputs."""

    window = models.ForeignKey(
        Organisation,
        verbose_name=_("服务窗口"),
        on_delete=models.CASCADE,
        related_name="monthly_scores",
        limit_choices_to={"kind": Organisation.Kind.WINDOW},
    )
    month = models.DateField(_("月份"), help_text=_("填写该月任意一天，按所在月份计。"))
    score = models.PositiveSmallIntegerField(_("考核得分"), validators=[MaxValueValidator(100)])
    comment = models.CharField(_("点评"), max_length=200, blank=True)
    reviewer = models.ForeignKey(
        Member, verbose_name=_("点评人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("窗口月度考核")
        verbose_name_plural = _("窗口月度考核")
        ordering = ["-month", "window__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "month"],
                name="monthly_score_once",
                violation_error_message=_("该窗口本月已有考核得分。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.month:%Y-%m}"

    def save(self, *args, **kwargs) -> None:
        # Stored as the first of the month so "once a month" is a plain unique key.
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)


class MonthlyRanking(models.Model):
    """A published 月评比通报: top three, bottom three and the 红旗窗口 of one month."""

    month = models.DateField(_("月份"), unique=True)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    note = models.TextField(_("通报说明"), blank=True)

    class Meta:
        verbose_name = _("月评比通报")
        verbose_name_plural = _("月评比通报")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}窗口评比通报"

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(
        MonthlyRanking, verbose_name=_("通报"), on_delete=models.CASCADE, related_name="entries"
    )
    window = models.ForeignKey(
        Organisation, verbose_name=_("服务窗口"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    score = models.DecimalField(_("综合得分"), max_digits=4, decimal_places=1, null=True)
    satisfaction_rate = models.DecimalField(_("满意率"), max_digits=4, decimal_places=1, null=True)
    ratings_count = models.PositiveIntegerField(_("评价数"), default=0)
    leader_score = models.DecimalField(_("月度考核"), max_digits=4, decimal_places=1, null=True)
    is_top = models.BooleanField(_("前三"), default=False)
    is_bottom = models.BooleanField(_("后三"), default=False)
    is_red_flag = models.BooleanField(_("红旗窗口"), default=False)

    class Meta:
        verbose_name = _("评比名次")
        verbose_name_plural = _("评比名次")
        ordering = ["rank", "window__path"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "window"], name="ranking_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.rank or '—'}"
