"""Celery tasks: thin, idempotent wrappers over honors.services; in-process without a broker."""

from celery import shared_task

from honors.models import Certificate, CertificateBatch
from honors.services import batches, certificates


@shared_task
def render_certificate(certificate_id: int, only_missing: bool = False) -> str:
    certificate = Certificate.objects.select_related("roll_entry").filter(pk=certificate_id).first()
    if certificate is None or (only_missing and certificate.file):
        return ""
    certificates.render_certificate(certificate=certificate)
    return certificate.number


@shared_task
def run_certificate_batch(batch_id: int) -> None:
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batches.run_batch(batch=batch)


@shared_task
def render_certificate_chunk(batch_id: int, certificate_ids: list[int]) -> None:
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batches.render_chunk(batch=batch, certificate_ids=certificate_ids)


@shared_task(name="honors.sweep")
def sweep(stalled_after: int | None = None, waiting_after: int = 60) -> dict:
    """Every two minutes: re-sends waiting and stalled work (see batches.sweep)."""
    return batches.sweep(stalled_after=stalled_after, waiting_after=waiting_after)
