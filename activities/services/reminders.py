"""Reminders of due dates, sent to the branch secretaries by the daily beat task."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Assessment, CampaignPhase, Inspection
from portal.models import Member

REMIND_DAYS_BEFORE = (7, 1)


def _secretaries(organisation) -> list[str]:
    """E-mail addresses of the secretaries of the unit and the branches above it."""
    ids = [int(part) for part in organisation.path.split("/") if part]
    return list(
        Member.objects.filter(
            organisation_id__in=ids,
            role=Member.Role.SECRETARY,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def due_reminders(*, today: datetime.date) -> list[tuple[Assessment, str]]:
    """(assessment, message) for every date falling due in 7 days or tomorrow."""
    days = {today + datetime.timedelta(days=n): n for n in REMIND_DAYS_BEFORE}
    reminders = []
    for assessment in Assessment.objects.filter(
        status=Assessment.Status.RECTIFYING, rectify_deadline__in=list(days)
    ).select_related("organisation", "campaign"):
        reminders.append(
            (
                assessment,
                _("%(org)s：%(campaign)s限期整改还有%(n)d天到期（%(date)s），逾期未达标将摘牌。")
                % {
                    "org": assessment.organisation.name,
                    "campaign": assessment.campaign.name,
                    "n": days[assessment.rectify_deadline],
                    "date": f"{assessment.rectify_deadline:%Y-%m-%d}",
                },
            )
        )
    for inspection in Inspection.objects.filter(
        result=Inspection.Result.PENDING, scheduled_on__in=list(days)
    ).select_related("assessment__organisation", "assessment__campaign"):
        assessment = inspection.assessment
        reminders.append(
            (
                assessment,
                _("%(org)s：%(kind)s安排在%(date)s，请提前做好准备。")
                % {
                    "org": assessment.organisation.name,
                    "kind": inspection.get_kind_display(),
                    "date": f"{inspection.scheduled_on:%Y-%m-%d}",
                },
            )
        )
    apply_phases = CampaignPhase.objects.filter(
        kind=CampaignPhase.Kind.APPLY, ends_on__in=list(days)
    ).values_list("campaign_id", "ends_on")
    for campaign_id, ends_on in apply_phases:
        for assessment in Assessment.objects.filter(
            campaign_id=campaign_id, status=Assessment.Status.DRAFT
        ).select_related("organisation", "campaign"):
            reminders.append(
                (
                    assessment,
                    _("%(org)s：%(campaign)s申报截止于%(date)s，请完成自查后申报。")
                    % {
                        "org": assessment.organisation.name,
                        "campaign": assessment.campaign.name,
                        "date": f"{ends_on:%Y-%m-%d}",
                    },
                )
            )
    return reminders


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    from portal.tasks import send_email

    today = today or timezone.localdate()
    sent = 0
    for assessment, message in due_reminders(today=today):
        recipients = _secretaries(assessment.organisation)
        if recipients:
            send_email.delay(_("【创建活动】到期提醒"), message, recipients)
            sent += 1
    return sent
