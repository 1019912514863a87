"""Settings the committee edits in the admin: star thresholds and the ledger's deadlines."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="pick")
class VolunteerSettings(BaseGenericSetting):
    """Star levels follow the national and provincial schemes (一星 100 h … 五星 1500 h)."""

    star_1_hours = models.DecimalField(
        _("一星志愿者（小时）"), max_digits=7, decimal_places=1, default=Decimal("100")
    )
    star_2_hours = models.DecimalField(
        _("二星志愿者（小时）"), max_digits=7, decimal_places=1, default=Decimal("300")
    )
    star_3_hours = models.DecimalField(
        _("三星志愿者（小时）"), max_digits=7, decimal_places=1, default=Decimal("600")
    )
    star_4_hours = models.DecimalField(
        _("四星志愿者（小时）"), max_digits=7, decimal_places=1, default=Decimal("1000")
    )
    star_5_hours = models.DecimalField(
        _("五星志愿者（小时）"), max_digits=7, decimal_places=1, default=Decimal("1500")
    )
    record_due_working_days = models.PositiveSmallIntegerField(
        _("活动结束后记录时限（工作日）"), default=10
    )
    reminder_after_days = models.PositiveSmallIntegerField(_("待审核超过几天提醒队长"), default=3)
    suspicious_daily_hours = models.DecimalField(
        _("单日超过多少小时提示核查"), max_digits=4, decimal_places=1, default=Decimal("12")
    )
    suspicious_back_entries = models.PositiveSmallIntegerField(
        _("同一队长7日内补录超过几条提示核查"), default=10
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("star_1_hours"),
                FieldPanel("star_2_hours"),
                FieldPanel("star_3_hours"),
                FieldPanel("star_4_hours"),
                FieldPanel("star_5_hours"),
            ],
            heading=_("星级志愿者标准（累计服务时长）"),
        ),
        FieldPanel("record_due_working_days"),
        FieldPanel("reminder_after_days"),
        FieldPanel("suspicious_daily_hours"),
        FieldPanel("suspicious_back_entries"),
    ]

    class Meta:
        verbose_name = _("志愿服务设置")

    @property
    def star_thresholds(self) -> list[Decimal]:
        return [
            self.star_1_hours,
            self.star_2_hours,
            self.star_3_hours,
            self.star_4_hours,
            self.star_5_hours,
        ]
