"""Public verification of certificates and members' own certificates."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from honors.models import Certificate
from honors.selectors import certificates_of
from honors.services import render_certificate
from portal.caching import private, public_or_private
from portal.decorators import member_required

NUMBER_MAX = 40
NAME_MAX = 100


def _find(number: str) -> Certificate | None:
    return (
        Certificate.objects.filter(number=number.strip().upper()[:NUMBER_MAX])
        .only(
            "number",
            "kind",
            "heading",
            "holder_name",
            "holder_name_public",
            "title_text",
            "period_text",
            "issuer_name",
            "issued_on",
            "revoked_on",
            "revoke_reason",
            "member_id",
            "holder_organisation_id",
        )
        .first()
    )


def _verification(request, certificate: Certificate | None, number: str, name: str):
    """The verification page, or 404. A private document shows more only to who knows the name.

    Numbers are sequential, so anyone could walk them: a 志愿服务记录证明 (a
    private document, holder not public) shows nothing but the masked name
    until the visitor also types the holder's full name, as printed on it.
    """
    if certificate is None:
        response = render(
            request,
            "honors/certificate_not_found.html",
            {"number": number[:NUMBER_MAX]},
            status=404,
        )
        return public_or_private(request, response, max_age=0)
    name = name.strip()[:NAME_MAX]
    name_matches = bool(name) and name == certificate.holder_name
    private_document = (
        certificate.kind == Certificate.Kind.DOCUMENT and not certificate.holder_name_public
    )
    context = {
        "certificate": certificate,
        "holder_name": certificate.holder_name if name_matches else certificate.public_holder_name,
        "restricted": private_document and not name_matches,
        "asks_for_name": not certificate.holder_name_public,
        "name_given": name,
        "name_mismatch": bool(name) and not name_matches,
    }
    response = render(request, "honors/verify.html", context)
    if name:
        # A page that answered for a typed name is that visitor's, never a shared cache's.
        return private(response)
    # Shared caches may keep it, but must ask again: a revocation shows at once.
    return public_or_private(request, response, max_age=0)


@require_GET
def verify(request, number: str):
    """Anyone may check a certificate: holder, title, period, issuer and status only."""
    name = request.GET.get("name", "")
    return _verification(request, _find(number), number, name)


@require_GET
def lookup(request):
    """查验荣誉证书: type the number (and, for private documents, the holder's full name)."""
    number = request.GET.get("number", "").strip()
    if not number:
        error = _("请输入证书编号。") if "number" in request.GET else ""
        response = render(
            request, "honors/lookup.html", {"error": error}, status=400 if error else 200
        )
        return public_or_private(request, response)
    if len(number) > NUMBER_MAX:
        response = render(
            request,
            "honors/lookup.html",
            {"error": _("证书编号不超过 40 个字符，请核对。"), "number": number[:NUMBER_MAX]},
            status=400,
        )
        return public_or_private(request, response)
    return _verification(request, _find(number), number, request.GET.get("name", ""))


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
