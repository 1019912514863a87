"""The honours operations other apps and the admin call; never the models directly.

Granting:   grant_award, revoke_award, holds_title, titles_held
Roll:       nominate, update_nomination, approve_nomination(s), return_nomination
Documents:  issue_certificate (numbered, verifiable, e.g. 志愿服务记录证明),
            issue_award_certificate, issue_roll_certificate, revoke_certificate
Batches:    start_batch, retry_batch, cancel_batch
"""

from .awards import grant_award, holds_title, revoke_award, titles_held
from .batches import cancel_batch, retry_batch, start_batch
from .certificates import (
    issue_award_certificate,
    issue_certificate,
    issue_roll_certificate,
    issuer_for,
    render_certificate,
    revoke_certificate,
)
from .roll import (
    approve_nomination,
    approve_nominations,
    can_nominate,
    can_review,
    nominate,
    return_nomination,
    update_nomination,
)

__all__ = [
    "approve_nomination",
    "approve_nominations",
    "can_nominate",
    "cancel_batch",
    "can_review",
    "grant_award",
    "holds_title",
    "issue_award_certificate",
    "issue_certificate",
    "issue_roll_certificate",
    "issuer_for",
    "nominate",
    "render_certificate",
    "retry_batch",
    "return_nomination",
    "revoke_award",
    "revoke_certificate",
    "start_batch",
    "titles_held",
    "update_nomination",
]
