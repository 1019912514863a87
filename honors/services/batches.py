"""Generating all certificates of a period's roll or of a title, with progress and a zip.

Numbers are taken for every certificate first, in one transaction; the PDFs
are then rendered in chunks, one Celery task each, so two workers share the
work. Each rendered PDF moves `done` on by one in the database, which the
admin page polls; the chunk that finishes last builds the zip.
"""

import logging
import tempfile
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from honors.models import Award, Certificate, CertificateBatch, HonorRollEntry, Title
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
    )
    from honors import tasks

    transaction.on_commit(lambda: tasks.run_certificate_batch.delay(batch.pk))
    return batch


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


def run_batch(*, batch: CertificateBatch) -> CertificateBatch:
    """Numbers every certificate of the batch, then hands out the rendering in chunks."""
    from honors import tasks

    try:
        with transaction.atomic():
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
            batch.save(update_fields=["total", "done", "status"])
    except Exception as error:
        _fail(batch, error)
        raise
    if not ids:
        _finish(batch)
        return batch
    chunks = [ids[i : i + CHUNK_SIZE] for i in range(0, len(ids), CHUNK_SIZE)]
    for chunk in chunks:
        transaction.on_commit(
            lambda chunk=chunk: tasks.render_certificate_chunk.delay(batch.pk, chunk)
        )
    return batch


def render_chunk(*, batch: CertificateBatch, certificate_ids: list[int]) -> None:
    try:
        for certificate in Certificate.objects.filter(pk__in=certificate_ids).select_related(
            "roll_entry"
        ):
            render_certificate(certificate=certificate)
            CertificateBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
    except Exception as error:
        _fail(batch, error)
        raise
    # Only one chunk wins this update, so the zip is built exactly once.
    won = CertificateBatch.objects.filter(
        pk=batch.pk, status=CertificateBatch.Status.RUNNING, done__gte=F("total")
    ).update(status=CertificateBatch.Status.ZIPPING)
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
    batch.status = CertificateBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["zip_file", "status", "finished_at"])


def _fail(batch: CertificateBatch, error: Exception) -> None:
    logger.exception("certificate batch %s failed", batch.pk)
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.FAILED, error=str(error)[:1000], finished_at=timezone.now()
    )
