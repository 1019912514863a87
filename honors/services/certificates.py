"""Issuing, numbering, rendering and revoking certificates.

Numbers read 2025-XZJGGW-0007: year, issuer code, sequence per issuer and
year. The sequence row is locked while a number is taken and the
(issuer, year, sequence) and number columns are unique in the database, so
no two certificates share a number; one certificate per award, per roll
entry and per `source` is likewise a unique column, so concurrent requests
for the same subject end with one certificate and one number.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from honors.models import (
    Award,
    Certificate,
    CertificateSequence,
    CertificateSettings,
    HonorRollEntry,
)
from honors.seal import seal_svg
from honors.text import chinese_month, fill_wording
from portal.fonts import ensure_printable
from portal.models import Member, Organisation
from portal.qr import qr_svg

logger = logging.getLogger(__name__)

CERTIFICATE_TEMPLATE = "honors/certificate_pdf.html"
CERTIFICATE_STYLESHEET = "honors/certificate.css"


def issuer_for(organisation: Organisation) -> Organisation:
    """The nearest committee (党委) at or above an organisation: who signs its certificates."""
    chain = list(organisation.ancestors())
    for candidate in reversed(chain):
        if candidate.kind == Organisation.Kind.COMMITTEE:
            return candidate
    return chain[0] if chain else organisation


def format_number(*, issuer: Organisation, year: int, sequence: int) -> str:
    return f"{year}-{issuer.code.upper()}-{sequence:04d}"


def _next_sequence(*, issuer: Organisation, year: int) -> int:
    """Takes the next number; the caller's transaction holds the row lock until commit."""
    row, _created = CertificateSequence.objects.get_or_create(issuer=issuer, year=year)
    row = CertificateSequence.objects.select_for_update().get(pk=row.pk)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


def _settings() -> CertificateSettings:
    return CertificateSettings.load()


def _issuer_name(issuer: Organisation, settings: CertificateSettings) -> str:
    return settings.issuer_name or issuer.name


def issue_certificate(
    *,
    holder_name: str,
    title: str,
    issuer: Organisation,
    period: str = "",
    heading: str = "",
    body: str = "",
    member: Member | None = None,
    holder_organisation: Organisation | None = None,
    source: str = "",
    issued_on: datetime.date | None = None,
    holder_name_public: bool = True,
    render: bool = True,
) -> Certificate:
    """Issues a numbered, verifiable document for another app (e.g. 志愿服务记录证明).

    With a `source` ("volunteers.service_record:7") it is idempotent: asking
    again updates the wording and regenerates the PDF under the same number.
    """
    settings = _settings()
    fields = {
        "heading": heading or settings.heading,
        "holder_name": holder_name,
        "holder_name_public": holder_name_public,
        "title_text": title,
        "period_text": period,
        "issuer_name": _issuer_name(issuer, settings),
        "body_text": body,
        "member": member,
        "holder_organisation": holder_organisation,
    }
    return _issue(
        kind=Certificate.Kind.DOCUMENT,
        lookup={"source": source} if source else {},
        lock=None,
        issuer=issuer,
        issued_on=issued_on,
        fields=fields,
        render=render,
    )


def issue_award_certificate(*, award: Award, render: bool = True) -> Certificate:
    """The certificate of an award: created once, then only refreshed and re-rendered."""
    settings = _settings()
    holder = award.holder
    wording = settings.person_wording if award.member_id else settings.organisation_wording
    issuer_name = _issuer_name(award.issuer, settings)
    fields = {
        "heading": settings.heading,
        "holder_name": holder.name,
        "title_text": award.title.name,
        "period_text": award.period,
        "issuer_name": issuer_name,
        "body_text": fill_wording(
            wording,
            {
                "holder": holder.name,
                "title": award.title.name,
                "period": award.period,
                "issuer": issuer_name,
            },
        ),
        "member": award.member,
        "holder_organisation": award.organisation,
        "revoked_on": award.revoked_on,
        "revoke_reason": award.revoke_reason,
    }
    return _issue(
        kind=Certificate.Kind.AWARD,
        lookup={"award": award},
        lock=lambda: Award.objects.select_for_update().filter(pk=award.pk).exists(),
        issuer=award.issuer,
        issued_on=award.granted_on,
        fields=fields,
        render=render,
    )


def issue_roll_certificate(*, entry: HonorRollEntry, render: bool = True) -> Certificate:
    """The certificate of an approved honour-roll entry."""
    if entry.status != HonorRollEntry.Status.APPROVED:
        raise ValidationError("只有审核通过的功德榜条目才能生成证书。")
    settings = _settings()
    issuer = issuer_for(entry.organisation)
    issuer_name = _issuer_name(issuer, settings)
    title = f"善行功德榜·{entry.category.name}"
    fields = {
        "heading": settings.heading,
        "holder_name": entry.person_name,
        "holder_name_public": entry.consent_to_publish,
        "title_text": title,
        "period_text": entry.period,
        "issuer_name": issuer_name,
        "body_text": fill_wording(
            settings.roll_wording,
            {
                "holder": entry.person_name,
                "category": entry.category.name,
                "title": title,
                "period": entry.period,
                "issuer": issuer_name,
            },
        ),
        "member": entry.member,
    }
    if entry.deed:
        # Refused now, before a number is taken, if the deed could not fit the page.
        deed_font_size(
            lines=[line for line in fields["body_text"].splitlines() if line.strip()],
            deed=entry.deed,
        )
    return _issue(
        kind=Certificate.Kind.ROLL_ENTRY,
        lookup={"roll_entry": entry},
        lock=lambda: HonorRollEntry.objects.select_for_update().filter(pk=entry.pk).exists(),
        issuer=issuer,
        issued_on=timezone.localdate(entry.reviewed_at) if entry.reviewed_at else None,
        fields=fields,
        render=render,
        extra_text=entry.deed,
    )


def _issue(*, kind, lookup, lock, issuer, issued_on, fields, render, extra_text="") -> Certificate:
    # Refused before a number is taken: a name printed as an empty box is no certificate.
    ensure_printable(
        *(value for value in fields.values() if isinstance(value, str)),
        extra_text,
        what=fields.get("heading") or "证书",
    )
    issued_on = issued_on or timezone.localdate()
    try:
        with transaction.atomic():
            if lock is not None:
                # Requests for the same subject queue here (PostgreSQL); the
                # unique column below settles it where rows cannot be locked.
                lock()
            certificate = Certificate.objects.filter(**lookup).first() if lookup else None
            if certificate is None:
                sequence = _next_sequence(issuer=issuer, year=issued_on.year)
                certificate = Certificate.objects.create(
                    number=format_number(issuer=issuer, year=issued_on.year, sequence=sequence),
                    issuer=issuer,
                    year=issued_on.year,
                    sequence=sequence,
                    kind=kind,
                    issued_on=issued_on,
                    **lookup,
                    **fields,
                )
            else:
                for name, value in fields.items():
                    setattr(certificate, name, value)
                certificate.save(update_fields=list(fields))
    except IntegrityError:
        if not lookup:
            raise
        certificate = Certificate.objects.get(**lookup)
    if render:
        schedule_render(certificate)
    return certificate


def schedule_render(certificate: Certificate) -> None:
    """Renders in the background once the certificate row is committed.

    With the broker down the certificate keeps its number and waits without a
    PDF; the sweep renders it later, and a staff download renders it at once.
    """
    from honors import tasks
    from portal.background import enqueue

    enqueue(tasks.render_certificate, certificate.pk)


# The page as certificate.css lays it out (mm): the body's box from its top to
# the seal above the signature, the body's own type, and the deed's box.
BODY_TOP, BODY_BOTTOM, BODY_WIDTH = 56, 136, 225
BODY_PT, BODY_LINE = 19, 1.9
DEED_GAP, DEED_PADDING, DEED_LINE = 4, 7, 1.55
DEED_LARGEST, DEED_SMALLEST = 11.0, 7.5


def deed_font_size(*, lines: list[str], deed: str) -> float:
    """The deed's type size so the whole deed fits above the signature; never clipped.

    Raises ValidationError if even the smallest legible size would not hold
    it (only a wording far longer than the default can do that: the deed
    itself is limited to DEED_MAX_LENGTH characters by the nomination form).
    """
    from portal.pdf import fit_font_size, text_height_mm

    body = text_height_mm(
        "\n".join(lines), font_pt=BODY_PT, width_mm=BODY_WIDTH, line_height=BODY_LINE
    )
    room = BODY_BOTTOM - BODY_TOP - body - DEED_GAP - DEED_PADDING
    size = fit_font_size(
        deed,
        width_mm=BODY_WIDTH - 9,
        height_mm=room,
        largest=DEED_LARGEST,
        smallest=DEED_SMALLEST,
        line_height=DEED_LINE,
    )
    if size is None:
        raise ValidationError(
            "证书正文和事迹太长，一页证书放不下（事迹会被截断），请缩短证书措辞或事迹后再生成。"
        )
    return size


def certificate_context(certificate: Certificate) -> dict:
    deed = ""
    if certificate.roll_entry_id:
        deed = certificate.roll_entry.deed
    lines = [line.strip() for line in certificate.body_text.splitlines() if line.strip()]
    if not lines:
        lines = [f"{certificate.holder_name}：", certificate.title_text]
        if certificate.period_text:
            lines.append(certificate.period_text)
    url = certificate.verification_url()
    return {
        "heading": certificate.heading,
        "lines": lines,
        "deed": deed,
        "deed_font_pt": deed_font_size(lines=lines, deed=deed) if deed else None,
        "issuer_name": certificate.issuer_name,
        "date_text": chinese_month(certificate.issued_on),
        "number": certificate.number,
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "seal": seal_svg(certificate.issuer_name),
        "revoked": certificate.is_revoked,
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    from portal.pdf import render_pdf

    return render_pdf(
        CERTIFICATE_TEMPLATE,
        certificate_context(certificate),
        stylesheets=[CERTIFICATE_STYLESHEET],
    )


def render_certificate(*, certificate: Certificate) -> Certificate:
    """Writes the PDF, replacing any earlier file; the number never changes."""
    pdf = certificate_pdf(certificate)
    old_name = certificate.file.name if certificate.file else ""
    storage = certificate.file.storage
    name = certificate.file.field.generate_filename(
        certificate, f"{certificate.year}/{certificate.number}.pdf"
    )
    for stale in {old_name, name} - {""}:
        if storage.exists(stale):
            storage.delete(stale)
    # Saved under the exact name (nothing left to collide with), so a re-run replaces it.
    certificate.file.name = storage.save(name, ContentFile(pdf))
    certificate.generated_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        file=certificate.file.name, generated_at=certificate.generated_at
    )
    return certificate


def revoke_certificate(
    *, certificate: Certificate, reason: str, on: datetime.date | None = None
) -> Certificate:
    """Marks a certificate 已撤销; its PDF is re-rendered with the mark for the record."""
    certificate.revoked_on = on or timezone.localdate()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_on", "revoke_reason"])
    if certificate.file:
        schedule_render(certificate)
    return certificate
