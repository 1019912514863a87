"""Running totals of approved service hours: per member and team and year, per organisation
and month.

The public page, the hours board, the committee's branch totals and its 台帐
would otherwise sum every record ever approved on each view. These rows hold the
sums instead: `volunteers.services.totals` changes them in the same
transaction as the approval, return, correction or deletion of a record, and
`refresh_hours_totals` (a management command and a nightly task) rebuilds
them from the records. They count what `ServiceRecord.objects.counted()`
counts: approved service hours, training apart.
"""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Member, Organisation

from .activities import Activity
from .teams import Team


def next_month(month: date) -> date:
    """The first day of the month after `month` (the month rows are keyed by their first day)."""
    if month.month == 12:
        return date(month.year + 1, 1, 1)
    return date(month.year, month.month + 1, 1)


class HoursTotal(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=10, decimal_places=1, default=Decimal("0")
    )
    records = models.PositiveIntegerField(_("记录条数"), default=0)

    class Meta:
        abstract = True


class MemberHoursTotal(HoursTotal):
    member = models.ForeignKey(
        Member, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿者年度时长")
        verbose_name_plural = _("志愿者年度时长")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="volunteers_member_year_total"),
            models.CheckConstraint(
                condition=Q(records__gte=0) & Q(hours__gte=0),
                name="volunteers_member_total_not_negative",
            ),
        ]
        # The hours board orders a year's volunteers by hours: the sort key is on the row.
        indexes = [
            models.Index(
                "year", models.F("hours").desc(), "member", name="volunteers_member_total_rank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.year} · {self.hours}"


class TeamHoursTotal(HoursTotal):
    team = models.ForeignKey(
        Team, verbose_name=_("服务队"), on_delete=models.CASCADE, related_name="hours_totals"
    )

    class Meta:
        verbose_name = _("服务队年度时长")
        verbose_name_plural = _("服务队年度时长")
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="volunteers_team_year_total"),
            models.CheckConstraint(
                condition=Q(records__gte=0) & Q(hours__gte=0),
                name="volunteers_team_total_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} · {self.year} · {self.hours}"


class OrganisationMonthTotal(models.Model):
    """A month of the approved service hours of one organisation's own members.

    The 台帐 of a committee sums these rows over its subtree (the organisation
    path's prefix) instead of every record of the year. A member belongs to one
    organisation, so the people of the rows add up without counting anyone
    twice. Rows are filed under the member's organisation when the hours count;
    after a 组织关系转接 the nightly rebuild files the member's months anew.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("月份"), help_text=_("当月1日。"))
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=12, decimal_places=1, default=Decimal("0")
    )
    records = models.PositiveIntegerField(_("记录条数"), default=0)
    people = models.PositiveIntegerField(_("服务人数"), default=0)

    class Meta:
        verbose_name = _("组织月度时长")
        verbose_name_plural = _("组织月度时长")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"], name="volunteers_organisation_month_total"
            )
        ]
        indexes = [models.Index(fields=["month", "organisation"], name="volunteers_org_month_idx")]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.month:%Y-%m} · {self.hours}"


class OrganisationYearTotal(models.Model):
    """A year of the approved service hours of one organisation's own members.

    `branch_totals` sums these over a subtree: the people of a year cannot be
    added up from its months (one person serves in several), so the year has
    its own rows. Filed like the month rows, under the member's organisation.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=12, decimal_places=1, default=Decimal("0")
    )
    records = models.PositiveIntegerField(_("记录条数"), default=0)
    people = models.PositiveIntegerField(_("服务人数"), default=0)

    class Meta:
        verbose_name = _("组织年度时长")
        verbose_name_plural = _("组织年度时长")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="volunteers_organisation_year_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.year} · {self.hours}"


class ActivityMonthTotal(models.Model):
    """Which activities an organisation's members served in, per month: the 台帐's
    activity count is the distinct activities of these rows, which cannot be summed."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("月份"))
    records = models.PositiveIntegerField(_("记录条数"), default=0)

    class Meta:
        verbose_name = _("活动月度记录")
        verbose_name_plural = _("活动月度记录")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation", "month"], name="volunteers_activity_month_total"
            )
        ]
        indexes = [models.Index(fields=["month", "organisation"], name="volunteers_act_month_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.organisation_id} · {self.month:%Y-%m}"
