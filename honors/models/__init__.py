"""The honours app's models, one module per concern."""

from .certificates import Certificate, CertificateBatch, CertificateSequence, CertificateSettings
from .pages import HonorRollPage
from .roll import HonorCategory, HonorRollEntry
from .titles import Award, Title

__all__ = [
    "Award",
    "Certificate",
    "CertificateBatch",
    "CertificateSequence",
    "CertificateSettings",
    "HonorCategory",
    "HonorRollEntry",
    "HonorRollPage",
    "Title",
]
