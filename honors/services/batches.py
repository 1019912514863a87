"""Generating all certificates of a period's roll or of a title, with progress and a zip.

Numbers are taken for every certificate first, in one transaction; the PDFs
are then rendered in chunks, one Celery task each, so two workers share the
work. `done` is the number of the batch's certificates rendered since the
batch began, counted in the database, which the admin page polls; the chunk
that finishes last builds the zip.

Every step may run twice (a worker killed mid-chunk, a task delivered again,
the sweep re-sending what is missing) and does no double work: numbering finds
the certificates already numbered, a chunk skips certificates already
rendered for this batch and locks the one it renders, and only one caller
wins the switch to 打包中. A batch without progress for
HONORS_BATCH_STALL_SECONDS is 停滞: the sweep re-sends its missing work, and
staff may retry or cancel it.
"""

import datetime
import logging
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from honors.models import Award, Certificate, CertificateBatch, HonorRollEntry, Title
from portal.background import enqueue, send_now
from portal.models import Organisation
from portal.permissions import organisation_in_scope, scope_for

from .certificates import issue_award_certificate, issue_roll_certificate, render_certificate

logger = logging.getLogger(__name__)

CHUNK_SIZE = 10


def start_batch(
    *,
    by,
    kind: str,
    period: str,
    title: Title | None = None,
    organisation: Organisation | None = None,
) -> CertificateBatch:
    """Records the batch (排队中) and sends its work once committed; the request returns at once."""
    if not by.has_perm("honors.add_certificatebatch"):
        raise PermissionDenied("您没有批量生成证书的权限。")
    scope = scope_for(by)
    if organisation is None:
        organisation = (
            scope
            if isinstance(scope, Organisation)
            else Organisation.objects.filter(parent=None).order_by("path").first()
        )
    if organisation is None or not organisation_in_scope(by, organisation):
        raise PermissionDenied("您只能为本组织及下级组织生成证书。")
    period = (period or "").strip()
    if not period:
        raise ValidationError({"period": "请填写期次，例如 2025年度。"})
    if kind == CertificateBatch.Kind.TITLE and title is None:
        raise ValidationError({"title": "请选择称号。"})
    batch = CertificateBatch.objects.create(
        kind=kind,
        period=period,
        title=title if kind == CertificateBatch.Kind.TITLE else None,
        organisation=organisation,
        created_by=by,
        heartbeat_at=timezone.now(),
    )
    _send_run(batch)
    return batch


def _send_run(batch: CertificateBatch) -> None:
    from honors import tasks

    # If the broker is down the batch stays 排队中 and the sweep sends it later.
    enqueue(tasks.run_certificate_batch, batch.pk, background=True)


def _subjects(batch: CertificateBatch):
    if batch.kind == CertificateBatch.Kind.ROLL:
        return list(
            HonorRollEntry.objects.approved()
            .filter(period=batch.period)
            .in_subtree(batch.organisation)
            .select_related("category", "organisation", "member")
            .order_by("category__sort_order", "organisation__path", "person_name")
        )
    return list(
        Award.objects.filter(title=batch.title, period=batch.period, revoked_on__isnull=True)
        .in_subtree(batch.organisation)
        .select_related("title", "member", "organisation", "issuer")
        .order_by("unit__path", "pk")
    )


def _rendered(batch: CertificateBatch):
    """The batch's certificates whose PDF was written since the batch began."""
    return batch.certificates.exclude(file="").filter(generated_at__gte=batch.created_at)


def _beat(batch: CertificateBatch, **fields) -> int:
    return CertificateBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now(), **fields
    )


def run_batch(*, batch: CertificateBatch) -> CertificateBatch:
    """Numbers every certificate of the batch (once), then sends the chunks not yet rendered."""
    batch = CertificateBatch.objects.get(pk=batch.pk)
    if batch.status == CertificateBatch.Status.PENDING:
        try:
            with transaction.atomic():
                batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
                if batch.status == CertificateBatch.Status.PENDING:
                    ids = []
                    for subject in _subjects(batch):
                        if isinstance(subject, Award):
                            certificate = issue_award_certificate(award=subject, render=False)
                        else:
                            certificate = issue_roll_certificate(entry=subject, render=False)
                        ids.append(certificate.pk)
                    batch.certificates.set(ids)
                    batch.total = len(ids)
                    batch.done = 0
                    batch.status = CertificateBatch.Status.RUNNING
                    batch.heartbeat_at = timezone.now()
                    batch.save(update_fields=["total", "done", "status", "heartbeat_at"])
        except Exception as error:
            _fail(batch, error)
            raise
    if batch.status == CertificateBatch.Status.RUNNING:
        _send_missing(batch)
    elif batch.status == CertificateBatch.Status.ZIPPING:
        _finish(batch)
    return batch


def _send_missing(batch: CertificateBatch) -> None:
    from honors import tasks

    rendered = set(_rendered(batch).values_list("pk", flat=True))
    missing = [
        pk
        for pk in batch.certificates.order_by("number").values_list("pk", flat=True)
        if pk not in rendered
    ]
    if not missing:
        _maybe_finish(batch)
        return
    for i in range(0, len(missing), CHUNK_SIZE):
        enqueue(tasks.render_certificate_chunk, batch.pk, missing[i : i + CHUNK_SIZE])


def render_chunk(*, batch: CertificateBatch, certificate_ids: list[int]) -> None:
    """Renders the chunk's certificates not yet rendered for this batch; safe to run twice."""
    batch = CertificateBatch.objects.get(pk=batch.pk)
    for certificate_id in certificate_ids:
        if _current_status(batch) != CertificateBatch.Status.RUNNING:
            return  # cancelled, failed, or already finished by another delivery
        try:
            with transaction.atomic():
                # Locked while it renders, so a second delivery running at the
                # same moment skips it instead of rendering it again (PostgreSQL).
                certificate = (
                    Certificate.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("roll_entry")
                    .filter(pk=certificate_id)
                    .first()
                )
                if certificate is None:
                    continue
                if (
                    certificate.file
                    and certificate.generated_at
                    and (certificate.generated_at >= batch.created_at)
                ):
                    continue
                render_certificate(certificate=certificate)
        except Exception as error:
            _fail(batch, error)
            raise
        _beat(batch, done=_rendered(batch).count())
    _maybe_finish(batch)


def _current_status(batch: CertificateBatch) -> str:
    return CertificateBatch.objects.values_list("status", flat=True).get(pk=batch.pk)


def _maybe_finish(batch: CertificateBatch) -> None:
    # Only one caller wins this update, so the zip is built once.
    won = CertificateBatch.objects.filter(
        pk=batch.pk, status=CertificateBatch.Status.RUNNING, done__gte=F("total")
    ).update(status=CertificateBatch.Status.ZIPPING, heartbeat_at=timezone.now())
    if won:
        _finish(CertificateBatch.objects.get(pk=batch.pk))


def _finish(batch: CertificateBatch) -> None:
    certificates = batch.certificates.order_by("number")
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for certificate in certificates:
                if certificate.file:
                    with certificate.file.open("rb") as pdf:
                        archive.writestr(
                            f"{certificate.number}-{certificate.holder_name}.pdf", pdf.read()
                        )
        buffer.seek(0)
        if batch.zip_file:
            batch.zip_file.delete(save=False)
        batch.zip_file.save(f"batches/batch-{batch.pk}.zip", File(buffer), save=False)
    now = timezone.now()
    # Not over a cancel that came in while the zip was written.
    CertificateBatch.objects.filter(pk=batch.pk).exclude(
        status=CertificateBatch.Status.CANCELLED
    ).update(
        zip_file=batch.zip_file.name,
        status=CertificateBatch.Status.DONE,
        finished_at=now,
        heartbeat_at=now,
    )


def _fail(batch: CertificateBatch, error: Exception) -> None:
    logger.exception("certificate batch %s failed", batch.pk)
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.FAILED, error=str(error)[:1000], finished_at=timezone.now()
    )


def _check_staff(by, batch: CertificateBatch) -> None:
    if not by.has_perm("honors.change_certificatebatch") or not organisation_in_scope(
        by, batch.organisation
    ):
        raise PermissionDenied("您只能处理本组织及下级组织的批量生成任务。")


def retry_batch(*, batch: CertificateBatch, by) -> CertificateBatch:
    """Sends a stalled, failed or cancelled batch's missing work again; numbers are kept."""
    _check_staff(by, batch)
    batch = CertificateBatch.objects.get(pk=batch.pk)
    if batch.status == CertificateBatch.Status.DONE:
        raise ValidationError("该批次已完成，无需重试。")
    if not batch.is_finished and not batch.is_stalled:
        raise ValidationError("该批次正在生成，请稍候；超过几分钟没有进展时才能重试。")
    numbered = batch.status != CertificateBatch.Status.PENDING and batch.certificates.exists()
    status = CertificateBatch.Status.RUNNING if numbered else CertificateBatch.Status.PENDING
    if batch.status == CertificateBatch.Status.ZIPPING:
        status = CertificateBatch.Status.ZIPPING
    _beat(batch, status=status, error="", finished_at=None)
    logger.warning("certificate batch %s retried by %s", batch.pk, by)
    _send_run(batch)
    return CertificateBatch.objects.get(pk=batch.pk)


def cancel_batch(*, batch: CertificateBatch, by) -> CertificateBatch:
    """Stops a batch: chunks still queued do nothing; certificates already numbered stay valid."""
    _check_staff(by, batch)
    cancelled = (
        CertificateBatch.objects.filter(pk=batch.pk, status__in=CertificateBatch.ACTIVE)
        .exclude(status=CertificateBatch.Status.ZIPPING)
        .update(status=CertificateBatch.Status.CANCELLED, finished_at=timezone.now())
    )
    if not cancelled:
        raise ValidationError("该批次已结束或正在打包，不能取消。")
    logger.warning("certificate batch %s cancelled by %s", batch.pk, by)
    return CertificateBatch.objects.get(pk=batch.pk)


def sweep(*, stalled_after: int | None = None, waiting_after: int = 60) -> dict:
    """Picks up work nothing else will: run by beat (or the in-process scheduler) every few minutes.

    - batches still 排队中 after `waiting_after` seconds (their task never reached a
      broker) and active batches without progress for `stalled_after` seconds
      (a worker died) get their missing work sent again;
    - certificates still without their PDF after `waiting_after` seconds, outside
      any active batch, are rendered.
    Sending again is harmless: every step is idempotent.
    """
    from honors import tasks

    if stalled_after is None:
        stalled_after = settings.HONORS_BATCH_STALL_SECONDS
    now = timezone.now()
    report = {"batches": 0, "certificates": 0}
    for batch in CertificateBatch.objects.filter(status__in=CertificateBatch.ACTIVE):
        limit = waiting_after if batch.status == CertificateBatch.Status.PENDING else stalled_after
        if now - batch.last_progress_at < datetime.timedelta(seconds=limit):
            continue
        # The new heartbeat means the next sweep waits a full period before re-sending.
        _beat(batch)
        if send_now(tasks.run_certificate_batch, batch.pk, background=True):
            report["batches"] += 1
    in_batches = CertificateBatch.certificates.through.objects.filter(
        certificatebatch__status__in=CertificateBatch.ACTIVE
    ).values("certificate_id")
    waiting = (
        Certificate.objects.filter(
            file="", created_at__lt=now - datetime.timedelta(seconds=waiting_after)
        )
        .exclude(pk__in=in_batches)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for certificate_id in waiting:
        if not send_now(tasks.render_certificate, certificate_id, only_missing=True):
            break
        report["certificates"] += 1
    if any(report.values()):
        logger.warning("sweep re-sent %s", report)
    return report
