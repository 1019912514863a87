"""The working-day calendar's own additions: days China's official calendar does not list yet."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def parse_days(text: str) -> set[datetime.date]:
    """One date a line (2027-01-01), anything after the date is a note; ValidationError if not."""
    days, bad = set(), []
    for line in (text or "").splitlines():
        word = line.strip().split(" ")[0].split("\t")[0]
        if not word:
            continue
        try:
            days.add(datetime.date.fromisoformat(word))
        except ValueError:
            bad.append(word)
    if bad:
        raise ValidationError(
            _("无法识别的日期：%(d)s。请每行写一个日期，例如 2027-01-01 元旦。")
            % {"d": "、".join(bad[:5])}
        )
    return days


def _calendar_help() -> str:
    from portal.workdays import official_years

    first, last = official_years()
    text = _(
        "工作日按国务院办公厅公布的节假日和调休安排计算（chinese-calendar），"
        "已收录 %(first)s 年至 %(last)s 年；之后的年份在安排公布、软件更新前，"
        "按周一至周五计算，并以下面补充的日期为准。"
    ) % {"first": first, "last": last}
    return f"<p>{text}</p>"


@register_setting(icon="date")
class WorkingDaySettings(BaseGenericSetting):
    """Holidays and 调休 workdays the official calendar library does not know yet."""

    extra_holidays = models.TextField(
        _("补充的节假日"),
        blank=True,
        help_text=_("每行一个日期，可加说明，例如：2027-02-08 春节。这些日期不算工作日。"),
    )
    extra_workdays = models.TextField(
        _("补充的调休上班日"),
        blank=True,
        help_text=_("每行一个日期，例如：2027-02-20 春节调休。这些周末日期算工作日。"),
    )

    panels = [
        HelpPanel(content=lazy(_calendar_help, str)(), heading=_("日历覆盖范围")),
        FieldPanel("extra_holidays"),
        FieldPanel("extra_workdays"),
    ]

    class Meta:
        verbose_name = _("工作日日历")

    def clean(self):
        errors = {}
        for name in ("extra_holidays", "extra_workdays"):
            try:
                parse_days(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
