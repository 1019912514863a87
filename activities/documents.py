"""限期整改书 and inspection results as A4 PDFs in the layout of an official document.

红头 (the issuing body in red over a red rule), 文号, the addressee, the body
(failed items in the checklist's own wording, the requirement, the deadline),
then the issuing body, the date in Chinese and a place for the seal: what a
branch files and what it shows when asked what it was told to fix.
"""

from django.http import HttpResponse

from activities.models import Inspection, RectificationNotice
from honors.text import chinese_number, chinese_year
from portal.caching import private
from portal.exports import content_disposition
from portal.pdf import render_pdf

NOTICE_TEMPLATE = "activities/documents/rectification_notice.html"
INSPECTION_TEMPLATE = "activities/documents/inspection_result.html"


def chinese_date(day) -> str:
    """二〇二六年十二月一日, as the date under an official document is written."""
    return f"{chinese_year(day.year)}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def _verdicts(inspection: Inspection) -> list:
    return list(inspection.verdicts.select_related("item").order_by("item__sort_order", "item__pk"))


def notice_context(notice: RectificationNotice) -> dict:
    assessment = notice.assessment
    campaign = assessment.campaign
    inspection = notice.inspection
    notes = {v.item_id: v.note for v in inspection.verdicts.all()}
    items = [
        {
            "section": item.section,
            "text": item.text,
            "veto": item.is_veto,
            "note": notes.get(item.pk, ""),
        }
        for item in notice.items.order_by("sort_order", "pk")
    ]
    return {
        "notice": notice,
        "issuer": campaign.organiser,
        "addressee": assessment.organisation,
        "campaign": campaign,
        "template": campaign.template,
        "inspection": inspection,
        "items": items,
        "issued_text": chinese_date(notice.issued_on),
    }


def inspection_context(inspection: Inspection) -> dict:
    assessment = inspection.assessment
    campaign = assessment.campaign
    verdicts = _verdicts(inspection)
    notice = RectificationNotice.objects.filter(inspection=inspection).first()
    inspector = inspection.inspector
    return {
        "inspection": inspection,
        "issuer": campaign.organiser,
        "addressee": assessment.organisation,
        "campaign": campaign,
        "template": campaign.template,
        "verdicts": verdicts,
        "failed": [v for v in verdicts if not v.met],
        "notice": notice,
        "inspector_name": (
            getattr(getattr(inspector, "member", None), "name", "")
            or getattr(inspector, "username", "")
        ),
        "inspected_text": chinese_date(inspection.inspected_on),
    }


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return private(response)


def notice_pdf(notice: RectificationNotice) -> bytes:
    return render_pdf(NOTICE_TEMPLATE, notice_context(notice))


def inspection_pdf(inspection: Inspection) -> bytes:
    return render_pdf(INSPECTION_TEMPLATE, inspection_context(inspection))


def notice_download(notice: RectificationNotice) -> HttpResponse:
    name = f"限期整改书-{notice.assessment.organisation.name}-{notice.issued_on:%Y%m%d}.pdf"
    return _pdf_response(notice_pdf(notice), name)


def inspection_download(inspection: Inspection) -> HttpResponse:
    name = (
        f"{inspection.get_kind_display()}结果-{inspection.assessment.organisation.name}-"
        f"{inspection.inspected_on:%Y%m%d}.pdf"
    )
    return _pdf_response(inspection_pdf(inspection), name)
