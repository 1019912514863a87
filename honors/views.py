"""Public verification of certificates and members' own certificates."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from honors.models import Certificate
from honors.selectors import certificates_of
from honors.services import render_certificate
from portal.caching import public_or_private
from portal.decorators import member_required


@require_GET
def verify(request, number: str):
    """Anyone may check a certificate: holder, title, period, issuer and status only."""
    certificate = (
        Certificate.objects.filter(number=number.strip().upper())
        .only(
            "number",
            "heading",
            "holder_name",
            "holder_name_public",
            "title_text",
            "period_text",
            "issuer_name",
            "issued_on",
            "revoked_on",
        )
        .first()
    )
    if certificate is None:
        response = render(
            request, "honors/certificate_not_found.html", {"number": number[:40]}, status=404
        )
    else:
        response = render(request, "honors/verify.html", {"certificate": certificate})
    # Shared caches may keep it, but must ask again: a revocation shows at once.
    return public_or_private(request, response, max_age=0)


@member_required
def my_certificates(request):
    member = request.member
    certificates = list(certificates_of(member=member))
    return render(
        request,
        "honors/my_certificates.html",
        {"member": member, "certificates": certificates},
    )


@member_required
def download(request, number: str):
    certificate = (
        Certificate.objects.filter(number=number, member__isnull=False, member=request.member)
        .select_related("roll_entry")
        .first()
    )
    if certificate is None:
        raise Http404
    if certificate.is_revoked:
        return render(
            request, "honors/certificate_revoked.html", {"certificate": certificate}, status=410
        )
    if not certificate.file:
        render_certificate(certificate=certificate)
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )
