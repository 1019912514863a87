"""志愿服务记录证明: a free PDF of a member's approved hours, numbered and verifiable via honors.

The unit that recorded the hours issues the proof (谁记录谁证明, 办法 art. 15),
so a member whose hours were recorded by two units gets one proof from each.
The number, and the verification page its QR code opens, come from
`honors.services.issue_certificate`.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from honors.services import issue_certificate
from portal.caching import private
from portal.exports import content_disposition
from portal.masking import mask_id_number
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


def _person_in_charge(organisation: Organisation, records) -> str:
    """负责人 of the issuing unit: its secretary, a committee's staff, else the records' own."""
    for role in (Member.Role.SECRETARY, Member.Role.COMMITTEE):
        person = Member.objects.filter(organisation=organisation, role=role).order_by("pk").first()
        if person is not None:
            return person.name
    named = (
        records.exclude(person_in_charge="")
        .values("person_in_charge")
        .annotate(n=Count("pk"))
        .order_by("-n", "person_in_charge")
        .first()
    )
    return named["person_in_charge"] if named else ""


def _handled_by(records, person_in_charge: str) -> str:
    """经办人: whoever approved most of the hours (the leader or secretary who checked them)."""
    reviewer = (
        records.exclude(reviewed_by=None)
        .values("reviewed_by__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewed_by__name")
        .first()
    )
    return reviewer["reviewed_by__name"] if reviewer else person_in_charge


def proof_context(*, member: Member, organisation: Organisation, start: date, end: date) -> dict:
    """What the proof must state (办法 art. 16): who, what service when, who vouches for it."""
    records = ServiceRecord.objects.counted().filter(
        member=member, organisation=organisation, served_on__gte=start, served_on__lte=end
    )
    total = records.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    # 服务内容 is what was done (the record's content, copied from the activity's
    # description at check-in), not the activity's title.
    rows = list(
        records.values("team__name", "content")
        .annotate(
            hours=Sum("hours"), times=Count("pk"), first=Min("served_on"), last=Max("served_on")
        )
        .order_by("first", "team__name", "content")
    )
    hand = records.exclude(source=ServiceRecord.Source.CHECK_IN).aggregate(t=Sum("hours"))["t"]
    team = (
        Team.objects.filter(organisation=organisation)
        .exclude(contact_phone="")
        .order_by("pk")
        .first()
    )
    profile = ensure_profile(member=member)
    person_in_charge = _person_in_charge(organisation, records)
    return {
        "member": member,
        "number": profile.number,
        "masked_id_number": mask_id_number(profile.id_number),
        "organisation": organisation,
        "start": start,
        "end": end,
        "total": total,
        "hand_hours": hand or Decimal("0"),
        "rows": rows,
        "person_in_charge": person_in_charge,
        "handled_by": _handled_by(records, person_in_charge),
        "contact": team.contact_phone if team else "",
    }


def issue_proof(*, request, member: Member, start: date, end: date, organisation_id=None):
    """Issues (or re-issues, same number for the same period) and returns the PDF."""
    from portal.pdf import render_pdf

    if end > timezone.localdate():
        end = timezone.localdate()
    if not ensure_profile(member=member).id_number:
        raise VolunteerError(_("请先填写身份证号码：志愿服务记录证明须载明身份证件号码。"))
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
            "%(name)s（身份证件号码 %(id)s，志愿者编号 %(number)s）于%(period)s参加志愿服务，"
            "累计服务时长 %(hours)s 小时。"
        )
        % {
            "name": member.name,
            "id": context["masked_id_number"],
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
