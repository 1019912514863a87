"""Celery tasks: thin wrappers over honors.services, run in-process without a broker."""

from celery import shared_task

from honors.models import Certificate, CertificateBatch
from honors.services import batches, certificates


@shared_task
def render_certificate(certificate_id: int) -> str:
    certificate = Certificate.objects.select_related("roll_entry").get(pk=certificate_id)
    certificates.render_certificate(certificate=certificate)
    return certificate.number


@shared_task
def run_certificate_batch(batch_id: int) -> None:
    batches.run_batch(batch=CertificateBatch.objects.get(pk=batch_id))


@shared_task
def render_certificate_chunk(batch_id: int, certificate_ids: list[int]) -> None:
    batches.render_chunk(
        batch=CertificateBatch.objects.get(pk=batch_id), certificate_ids=certificate_ids
    )
