"""Bulk decisions on the 审核与管理 page: 通过所选 for records, 采纳所选 for correction requests.

Each item is decided by the same service as one at a time (the recorder's own
is never approved, scope, a version in the history) in its own transaction,
through portal's one bulk loop (`portal.bulk`), so one refused item never
blocks the others and the summary is worded the same everywhere.
"""

from django.utils.translation import gettext as _

from portal.bulk import BulkItem, BulkOutcome, Refused, decide_each
from portal.models import Member
from volunteers.models import CorrectionRequest, ServiceRecord
from volunteers.permissions import reviewable_filter

from .common import VolunteerError, can_review
from .records import approve_record, decide_correction


def approve_records(
    *, record_ids, by: Member, quality: str = ServiceRecord.Quality.PASS
) -> BulkOutcome:
    """Approves many records, each under the rules of `approve_record`.

    Two secretaries approving the same page at once: the row lock orders them,
    and the second is told who approved it first.
    """
    if quality not in ServiceRecord.Quality.values:
        raise VolunteerError(_("请选择质量评价。"))

    def approve(item: BulkItem) -> ServiceRecord:
        record = (
            ServiceRecord.objects.select_for_update(of=("self",))
            .select_related("team", "member__organisation", "reviewed_by")
            .filter(pk=item.pk)
            .first()
        )
        if record is None or not can_review(by, record):
            # Said without the name: the reviewer may not see this record.
            raise Refused(_("不在您可以审核的范围内。"))
        item.label = f"{record.member.name} · {record.title}"
        if record.status == ServiceRecord.Status.APPROVED:
            who = record.reviewed_by.name if record.reviewed_by else ""
            raise Refused(_("已由%(name)s审核通过。") % {"name": who})
        return approve_record(record=record, by=by, quality=quality)

    return decide_each(record_ids, approve, errors=(VolunteerError,), label=_("记录 %(pk)s"))


def accept_corrections(*, correction_ids, by: Member, reason: str) -> BulkOutcome:
    """采纳所选: accepts many correction requests with one 处理意见, each by `decide_correction`.

    Declining is not offered in bulk: the member reads why their own request
    was declined, so each one gets its own reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise VolunteerError(_("请填写处理意见。"))

    def accept(item: BulkItem) -> CorrectionRequest:
        correction = (
            CorrectionRequest.objects.select_for_update(of=("self",))
            .select_related("member__organisation", "record", "activity", "decided_by")
            .filter(pk=item.pk)
            .first()
        )
        if correction is None or not _may_decide(by, correction):
            raise Refused(_("不在您可以处理的范围内。"))
        subject = correction.record.title if correction.record else correction.activity.title
        item.label = f"{correction.member.name} · {subject}"
        if correction.member_id == by.pk:
            raise Refused(_("不能处理本人的更正申请。"))
        if correction.status != CorrectionRequest.Status.PENDING:
            who = correction.decided_by.name if correction.decided_by else ""
            raise Refused(
                _("已由%(name)s处理（%(status)s）。")
                % {"name": who, "status": correction.get_status_display()}
            )
        return decide_correction(correction=correction, by=by, accept=True, reason=reason)

    return decide_each(correction_ids, accept, errors=(VolunteerError,), label=_("申请 %(pk)s"))


def _may_decide(by: Member, correction: CorrectionRequest) -> bool:
    """The corrections queue's scope (the list the page shows), whatever the status now."""
    return CorrectionRequest.objects.filter(reviewable_filter(by), pk=correction.pk).exists()
