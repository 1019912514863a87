"""Admin pages that are actions rather than forms on one model: review, revoke, batches."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from honors import services
from honors.forms import BatchForm, ReviewForm, RevokeForm, as_form_error
from honors.models import Award, Certificate, CertificateBatch, HonorRollEntry
from honors.permissions import entry_policy
from portal.bulk import clean_ids, report_outcome
from portal.permissions import organisation_in_scope


def _require(user, permission: str, organisation) -> None:
    if not user.has_perm(f"honors.{permission}") or not organisation_in_scope(user, organisation):
        raise PermissionDenied


def _next_url(request) -> str:
    """The listing the revoke was opened from (?next=), if it is one of this site's."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return ""


def review_nomination(request, pk: int):
    entry = get_object_or_404(
        HonorRollEntry.objects.select_related("organisation", "category", "member"), pk=pk
    )
    if not services.can_review(request.user, entry):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_nomination(entry=entry, by=request.user)
                messages.success(request, f"已通过“{entry.person_name}”的提名。")
            else:
                services.return_nomination(
                    entry=entry, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"已退回“{entry.person_name}”的提名。")
        except ValidationError as error:
            as_form_error(form, error)
        else:
            return redirect("honors_admin:pending")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "honors/admin/review.html", {"entry": entry, "form": form}, status=status
    )


def pending_nominations(request):
    if not request.user.has_perm("honors.approve_honorrollentry"):
        raise PermissionDenied
    from honors.todos import nominations_to_review

    # What waits on this reviewer first (the workbench counts these), then
    # their own nominations, which someone else reviews.
    waiting = list(
        nominations_to_review(request.user)
        .select_related("organisation", "category")
        .order_by("nominated_at")
    )
    own = list(
        entry_policy.scoped_queryset(request.user)
        .filter(status=HonorRollEntry.Status.SUBMITTED, nominated_by=request.user)
        .select_related("organisation", "category")
        .order_by("nominated_at")
    )
    entries = waiting + own
    return TemplateResponse(
        request,
        "honors/admin/pending.html",
        {
            "entries": entries,
            "reviewable": {e.pk for e in entries if services.can_review(request.user, e)},
        },
    )


@require_POST
def bulk_approve_nominations(request):
    """通过所选 on 提名审核: each ticked nomination under the one-at-a-time rules."""
    if not request.user.has_perm("honors.approve_honorrollentry"):
        raise PermissionDenied
    ids = clean_ids(request.POST.getlist("entries"))
    if not ids:
        messages.error(request, "请先勾选要通过的提名。")
    else:
        outcome = services.approve_nominations(entry_ids=ids, by=request.user)
        names = "、".join(entry.person_name for entry in outcome.done[:10])
        more = " 等" if len(outcome.done) > 10 else ""
        report_outcome(request, outcome, done=f"已通过 {len(outcome.done)} 条提名：{names}{more}。")
    return redirect("honors_admin:pending")


def revoke_award(request, pk: int):
    award = get_object_or_404(Award.objects.select_related("title", "unit"), pk=pk)
    _require(request.user, "change_award", award.unit)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_award(
                award=award,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["revoked_on"],
                by=request.user,
            )
        except ValidationError as error:
            as_form_error(form, error)
        else:
            messages.success(request, f"已撤销：{award}。")
            return redirect(_next_url(request) or reverse("wagtailsnippets_honors_award:list"))
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "honors/admin/revoke.html",
        {"award": award, "form": form, "next": _next_url(request)},
        status=status,
    )


@require_POST
def award_certificate(request, pk: int):
    award = get_object_or_404(Award.objects.select_related("title", "unit"), pk=pk)
    _require(request.user, "add_award", award.unit)
    if award.is_revoked:
        messages.error(request, "该称号已撤销，不能再生成有效证书。")
    else:
        try:
            certificate = services.issue_award_certificate(award=award)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"证书 {certificate.number} 已生成。")
    return redirect(reverse("wagtailsnippets_honors_award:list"))


@require_POST
def entry_certificate(request, pk: int):
    entry = get_object_or_404(HonorRollEntry.objects.select_related("organisation"), pk=pk)
    _require(request.user, "approve_honorrollentry", entry.organisation)
    try:
        certificate = services.issue_roll_certificate(entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"证书 {certificate.number} 已生成。")
    return redirect(reverse("wagtailsnippets_honors_honorrollentry:list"))


def certificate_pdf(request, pk: int):
    """Staff copy of a PDF; a revoked one carries the 已撤销 mark."""
    certificate = get_object_or_404(Certificate.objects.select_related("issuer"), pk=pk)
    unit = (
        certificate.member.organisation
        if certificate.member_id
        else certificate.holder_organisation
    )
    if not request.user.has_perm("honors.view_certificate") or not (
        organisation_in_scope(request.user, unit or certificate.issuer)
    ):
        raise PermissionDenied
    if not certificate.file:
        services.render_certificate(certificate=certificate)
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


def new_batch(request):
    if not request.user.has_perm("honors.add_certificatebatch"):
        raise PermissionDenied
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.start_batch(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            as_form_error(form, error)
        else:
            return redirect("honors_admin:batch", pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "honors/admin/new_batch.html", {"form": form}, status=status)


def _batch(request, pk: int) -> CertificateBatch:
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("organisation", "title"), pk=pk
    )
    _require(request.user, "view_certificatebatch", batch.organisation)
    return batch


def _can_manage(user, batch: CertificateBatch) -> bool:
    return user.has_perm("honors.change_certificatebatch") and organisation_in_scope(
        user, batch.organisation
    )


def _stall_text(batch: CertificateBatch) -> str:
    if not batch.is_stalled:
        return ""
    minutes = max(1, round(settings.HONORS_BATCH_STALL_SECONDS / 60))
    return (
        f"生成已停滞：超过 {minutes} 分钟没有进展（可能是后台任务中断）。"
        "系统会自动重新派发未完成的证书，也可以点击“重试”或“取消”。"
    )


def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    return TemplateResponse(
        request,
        "honors/admin/batch.html",
        {
            "batch": batch,
            "stall_text": _stall_text(batch),
            "can_manage": _can_manage(request.user, batch),
        },
    )


@require_POST
def batch_retry(request, pk: int):
    batch = _batch(request, pk)
    _require(request.user, "change_certificatebatch", batch.organisation)
    try:
        services.retry_batch(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "已重新派发未完成的证书，进度会继续更新。")
    return redirect("honors_admin:batch", pk=batch.pk)


@require_POST
def batch_cancel(request, pk: int):
    batch = _batch(request, pk)
    _require(request.user, "change_certificatebatch", batch.organisation)
    try:
        services.cancel_batch(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "已取消该批次；已生成的证书编号保持有效。")
    return redirect("honors_admin:batch", pk=batch.pk)


def batch_progress(request, pk: int):
    batch = _batch(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_display": batch.get_status_display(),
            "stalled": batch.is_stalled,
            "stall_text": _stall_text(batch),
            "done": batch.done,
            "total": batch.total,
            "percent": batch.percent,
            "finished": batch.is_finished,
            "download": reverse("honors_admin:batch_zip", args=[batch.pk])
            if batch.status == CertificateBatch.Status.DONE
            else "",
            "error": batch.error,
        }
    )


def batch_zip(request, pk: int):
    batch = _batch(request, pk)
    if batch.status != CertificateBatch.Status.DONE or not batch.zip_file:
        raise Http404
    return FileResponse(
        batch.zip_file.open("rb"),
        as_attachment=True,
        filename=f"certificates-{batch.period}-{batch.pk}.zip",
        content_type="application/zip",
    )
