"""Organisational life: attendance, photos, and the 党课 → 学时 credit.

Record once, use everywhere: a member present at a held 党课 gets its 学时 in
their study record through `portal.services.study`; marking them absent, or
cancelling the lecture, withdraws it again.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from activities.models import Attendance, Meeting, MeetingPhoto
from activities.permissions import can_record_meetings
from activities.photos import PhotoError, process_photo
from portal.models import Member, StudyRecord
from portal.refusals import Refusal
from portal.services.study import credit_study, withdraw_study_credit
from portal.text_limits import clean_text


class MeetingError(Refusal):
    """A refused meeting record; the message is shown to the secretary, beside the inputs
    its `fields` name (`photos`, `reason-<member id>`) when it is about them."""


def expected_members(meeting: Meeting):
    """Party members of the meeting's organisation and the groups below it."""
    return (
        Member.objects.party_members()
        .in_subtree(meeting.organisation)
        .select_related("organisation")
        .order_by("organisation__path", "name")
    )


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, by, entries: dict[int, tuple[bool, str]]
) -> list[Attendance]:
    """Saves present / absent-with-reason for each member; any error and nothing is saved."""
    if not can_record_meetings(by, meeting.organisation):
        raise PermissionDenied(_("您没有权限记录该组织的会议。"))
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("会议已取消，不能记录出勤。"))
    members = {m.pk: m for m in expected_members(meeting).filter(pk__in=list(entries))}
    strangers = set(entries) - set(members)
    if strangers:
        raise MeetingError(_("只能记录本组织党员的出勤。"))
    missing_reason = [
        members[pk]
        for pk, (present, reason) in entries.items()
        if not present and not (reason or "").strip()
    ]
    if missing_reason:
        raise MeetingError(
            _("请填写缺席原因：") + "、".join(m.name for m in missing_reason),
            fields={f"reason-{m.pk}": _("请填写缺席原因。") for m in missing_reason},
        )
    reasons = {}
    for pk, (present, reason) in entries.items():
        if not present:
            try:
                reasons[pk] = clean_text(
                    reason, model=Attendance, field="absence_reason", error=MeetingError
                )
            except MeetingError as error:
                raise MeetingError(str(error), field=f"reason-{pk}") from None
    saved = []
    for pk, (present, _reason) in entries.items():
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=members[pk],
            defaults={
                "present": present,
                "absence_reason": "" if present else reasons[pk],
                "recorded_by": by,
            },
        )
        saved.append(attendance)
    sync_lecture_credits(meeting=meeting)
    return saved


@transaction.atomic
def meeting_saved(*, meeting: Meeting, by, previous_status: str | None = None) -> Meeting:
    """Brings the 学时 in line with a meeting just saved in the admin, in the same transaction.

    Setting a held 党课 to 已取消 withdraws the hours it credited; the log keeps
    who cancelled it and what was withdrawn.
    """
    cancelled = (
        meeting.status == Meeting.Status.CANCELLED
        and previous_status is not None
        and previous_status != Meeting.Status.CANCELLED
    )
    withdrawn = _credited(meeting) if cancelled else None
    sync_lecture_credits(meeting=meeting)
    if cancelled:
        _log_cancel(meeting=meeting, by=by, withdrawn=withdrawn, reason="")
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """已取消: attendance and photos stay as the record; the 学时 it credited are withdrawn."""
    if not can_record_meetings(by, meeting.organisation):
        raise PermissionDenied(_("您没有权限记录该组织的会议。"))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("会议已经取消。"))
    reason = clean_text(reason, model=Attendance, field="absence_reason", error=MeetingError)
    withdrawn = _credited(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    sync_lecture_credits(meeting=meeting)
    _log_cancel(meeting=meeting, by=by, withdrawn=withdrawn, reason=reason)
    return meeting


def _credited(meeting: Meeting) -> dict:
    return StudyRecord.objects.filter(
        source=StudyRecord.Source.LECTURE, source_key=meeting.credit_key
    ).aggregate(members=Count("pk"), hours=Sum("hours"))


def _log_cancel(*, meeting: Meeting, by, withdrawn: dict, reason: str) -> None:
    log(
        instance=meeting,
        action="activities.cancel_meeting",
        user=by,
        data={
            "reason": reason,
            "withdrawn_members": withdrawn["members"],
            "withdrawn_hours": f"{withdrawn['hours'] or Decimal('0'):.1f}",
        },
    )


def sync_lecture_credits(*, meeting: Meeting) -> None:
    """Brings members' study credits in line with the meeting as it now stands."""
    credits = (
        meeting.kind == Meeting.Kind.LECTURE
        and meeting.status == Meeting.Status.HELD
        and meeting.study_hours > 0
    )
    for attendance in meeting.attendances.select_related("member"):
        if credits and attendance.present:
            credit_study(
                member=attendance.member,
                title=_("党课：%s") % meeting.title,
                hours=meeting.study_hours,
                studied_on=meeting.held_on,
                source=StudyRecord.Source.LECTURE,
                source_key=meeting.credit_key,
            )
        else:
            withdraw_study_credit(
                member=attendance.member,
                source=StudyRecord.Source.LECTURE,
                source_key=meeting.credit_key,
            )


@transaction.atomic
def add_meeting_photos(*, meeting: Meeting, by, uploads: list) -> list[MeetingPhoto]:
    """All photos or none: the first bad file stops the lot, with its name in the message."""
    if not can_record_meetings(by, meeting.organisation):
        raise PermissionDenied(_("您没有权限记录该组织的会议。"))
    processed = []
    for upload in uploads:
        try:
            processed.append(process_photo(upload))
        except PhotoError as error:
            raise MeetingError(str(error), field="photos") from error
    return [
        MeetingPhoto.objects.create(meeting=meeting, image=display, thumbnail=thumb, uploaded_by=by)
        for display, thumb in processed
    ]
