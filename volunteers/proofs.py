"""志愿服务记录证明: a free PDF of a member's approved hours, numbered and verifiable via honors.

The unit that recorded the hours issues the proof (谁记录谁证明, 办法 art. 15),
so a member whose hours were recorded by two units gets one proof from each.
The number, and the verification page its QR code opens, come from
`honors.services.issue_certificate`.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from honors.services import issue_certificate
from portal.caching import private
from portal.exports import content_disposition
from portal.models import Member, Organisation
from portal.qr import qr_svg
from volunteers.models import ServiceRecord, Team
from volunteers.services import VolunteerError, ensure_profile

PROOF_TEMPLATE = "volunteers/proof_pdf.html"


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def proof_units(*, member: Member, start: date, end: date) -> list[Organisation]:
    ids = (
        ServiceRecord.objects.counted()
        .filter(member=member, served_on__gte=start, served_on__lte=end)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return list(Organisation.objects.filter(pk__in=list(ids)).order_by("path"))


def proof_context(*, member: Member, organisation: Organisation, start: date, end: date) -> dict:
    records = ServiceRecord.objects.counted().filter(
        member=member, organisation=organisation, served_on__gte=start, served_on__lte=end
    )
    total = records.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    rows = list(
        records.values("team__name", "title")
        .annotate(hours=Sum("hours"), times=Count("pk"))
        .order_by("team__name", "title")
    )
    hand = records.exclude(source=ServiceRecord.Source.CHECK_IN).aggregate(t=Sum("hours"))["t"]
    person = (
        Member.objects.filter(organisation=organisation, role=Member.Role.SECRETARY)
        .order_by("pk")
        .first()
    )
    team = (
        Team.objects.filter(organisation=organisation)
        .exclude(contact_phone="")
        .order_by("pk")
        .first()
    )
    return {
        "member": member,
        "number": ensure_profile(member=member).number,
        "organisation": organisation,
        "start": start,
        "end": end,
        "total": total,
        "hand_hours": hand or Decimal("0"),
        "rows": rows,
        "person_in_charge": person.name if person else "",
        "contact": team.contact_phone if team else "",
    }


def issue_proof(*, request, member: Member, start: date, end: date, organisation_id=None):
    """Issues (or re-issues, same number for the same period) and returns the PDF."""
    from portal.pdf import render_pdf

    if end > timezone.localdate():
        end = timezone.localdate()
    units = proof_units(member=member, start=start, end=end)
    if not units:
        raise VolunteerError(_("该时段内没有已审核通过的服务时长，无法出具证明。"))
    chosen = [u for u in units if str(u.pk) == str(organisation_id)] if organisation_id else units
    if len(chosen) != 1:
        names = "、".join(u.name for u in units)
        raise VolunteerError(
            _("您的服务时长由多个单位记录（%(names)s），请选择出具单位。") % {"names": names}
        )
    organisation = chosen[0]
    context = proof_context(member=member, organisation=organisation, start=start, end=end)
    period = f"{_chinese_date(start)}至{_chinese_date(end)}"
    certificate = issue_certificate(
        holder_name=member.name,
        title=_("志愿服务记录证明"),
        heading=_("志愿服务记录证明"),
        issuer=organisation,
        period=period,
        body=_(
            "%(name)s（志愿者编号 %(number)s）于%(period)s参加志愿服务，"
            "累计服务时长 %(hours)s 小时。"
        )
        % {
            "name": member.name,
            "number": context["number"],
            "period": period,
            "hours": context["total"],
        },
        member=member,
        holder_organisation=member.organisation,
        source=f"volunteers.proof:{member.pk}:{organisation.pk}:{start:%Y%m%d}:{end:%Y%m%d}",
        holder_name_public=False,
        render=False,
    )
    url = certificate.verification_url()
    context.update(
        certificate=certificate,
        period=period,
        issued_on=_chinese_date(certificate.issued_on),
        verification_url=url,
        qr_svg=qr_svg(url),
    )
    pdf = render_pdf(PROOF_TEMPLATE, context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"志愿服务记录证明-{member.name}-{certificate.number}.pdf"
    )
    return private(response)
