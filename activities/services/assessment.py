"""The assessment state machine: self-assessment, application, inspection, rectification, 摘牌.

    draft ──apply──> submitted ──pass──> passed ──failed spot check / 复查──> rectifying
                        │                  ^                                   │  │
                        └──fail──> rectifying ──re-apply──> resubmitted ──pass─┘  │
                                        ^                        │                │
                                        └─────────fail───────────┘   deadline passed while
                                                                     holding the title ──> revoked

Every change goes through `_move`, which refuses what the table does not
allow and records who moved it, when, and why.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import (
    Assessment,
    AssessmentItem,
    Campaign,
    ChecklistTemplate,
    EvidencePhoto,
    Inspection,
    InspectionVerdict,
    RectificationNotice,
    Transition,
)
from activities.permissions import can_inspect, can_manage, can_schedule
from activities.photos import process_photo
from honors.services import grant_award, revoke_award
from portal.models import Organisation
from portal.refusals import Refusal
from portal.text_limits import NUL_MESSAGE, text_limit

Status = Assessment.Status

# (from, to) → what the move is called in a refusal message.
ALLOWED: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "申报",
    (Status.RECTIFYING, Status.RESUBMITTED): "整改后重新申报",
    (Status.SUBMITTED, Status.PASSED): "验收合格",
    (Status.RESUBMITTED, Status.PASSED): "验收合格",
    (Status.SUBMITTED, Status.RECTIFYING): "下发限期整改书",
    (Status.RESUBMITTED, Status.RECTIFYING): "下发限期整改书",
    (Status.PASSED, Status.RECTIFYING): "下发限期整改书",
    (Status.RECTIFYING, Status.REVOKED): "摘牌",
    # A participant leaves before holding a title, and may be taken back.
    (Status.DRAFT, Status.WITHDRAWN): "退出创建活动",
    (Status.SUBMITTED, Status.WITHDRAWN): "退出创建活动",
    (Status.RESUBMITTED, Status.WITHDRAWN): "退出创建活动",
    (Status.RECTIFYING, Status.WITHDRAWN): "退出创建活动",
    (Status.WITHDRAWN, Status.DRAFT): "重新加入",
}
WITHDRAWABLE = {Status.DRAFT, Status.SUBMITTED, Status.RESUBMITTED, Status.RECTIFYING}
ACTION_NAMES = {
    Status.SUBMITTED: "申报",
    Status.RESUBMITTED: "重新申报",
    Status.PASSED: "判定验收合格",
    Status.RECTIFYING: "下发限期整改书",
    Status.REVOKED: "摘牌",
    Status.WITHDRAWN: "退出创建活动",
    Status.DRAFT: "重新加入",
}
KIND_FOR_TEMPLATE = {
    "room": {Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH},
    "window": {Organisation.Kind.WINDOW},
}


class AssessmentError(Refusal):
    """A refused step; the message tells the user why, in Chinese. Its `fields` name the
    inputs it is about as the form names them (`photo-<item id>`, `note-<item id>`)."""


def _move(assessment: Assessment, to: str, *, by, note: str = "") -> Transition:
    current = assessment.status
    if (current, to) not in ALLOWED:
        raise AssessmentError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": Status(current).label, "action": ACTION_NAMES.get(to, to)}
        )
    assessment.status = to
    assessment.save()
    return Transition.objects.create(
        assessment=assessment,
        from_status=current,
        to_status=to,
        by=by if getattr(by, "pk", None) else None,
        at=timezone.now(),
        note=note,
    )


def _locked(assessment: Assessment) -> Assessment:
    """The row re-read under a lock, so two clicks cannot both move it."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign__template", "campaign__organiser", "organisation", "award")
        .get(pk=assessment.pk)
    )


# Participants ---------------------------------------------------------------


@transaction.atomic
def start_assessment(*, campaign: Campaign, organisation: Organisation) -> Assessment:
    """Adds a participant and copies the checklist as it stands today into its assessment."""
    template = campaign.template
    if organisation.kind not in KIND_FOR_TEMPLATE[template.kind]:
        raise AssessmentError(
            _("“%(org)s”不是%(kind)s，不能参加“%(template)s”。")
            % {
                "org": organisation.name,
                "kind": "党支部" if template.kind == "room" else "服务窗口",
                "template": template.name,
            }
        )
    assessment, created = Assessment.objects.get_or_create(
        campaign=campaign,
        organisation=organisation,
        defaults={"template_version": template.version},
    )
    if created:
        AssessmentItem.objects.bulk_create(
            AssessmentItem(
                assessment=assessment,
                source_item=item,
                sort_order=index,
                section=item.section,
                text=item.text,
                is_required=item.is_required,
                photo_required=item.photo_required,
                is_veto=item.is_veto,
            )
            for index, item in enumerate(template.items.order_by("sort_order", "pk"))
        )
    return assessment


@transaction.atomic
def add_participants(
    *, campaign: Campaign, organisations: list[Organisation], by
) -> list[Assessment]:
    """Adds new participants; one withdrawn earlier comes back to 自查中 with its answers."""
    for organisation in organisations:
        if not can_schedule(by, organisation):
            raise PermissionDenied(_("您没有权限把“%s”加入创建活动。") % organisation.name)
    assessments = []
    for organisation in organisations:
        assessment = start_assessment(campaign=campaign, organisation=organisation)
        if assessment.status == Status.WITHDRAWN:
            assessment = _locked(assessment)
            _move(assessment, Status.DRAFT, by=by)
        assessments.append(assessment)
    return assessments


@transaction.atomic
def change_participants(
    *, campaign: Campaign, add: list[Organisation], withdraw: list[Assessment], by
) -> None:
    """The campaign's participants as edited on its page: withdrawals first, then additions."""
    for assessment in withdraw:
        withdraw_participant(assessment=assessment, by=by)
    add_participants(campaign=campaign, organisations=add, by=by)


@transaction.atomic
def new_template_edition(*, template: ChecklistTemplate) -> ChecklistTemplate:
    """A changed checklist is a new edition: assessments already made keep the copy they took."""
    ChecklistTemplate.objects.filter(pk=template.pk).update(version=F("version") + 1)
    template.refresh_from_db(fields=["version"])
    return template


def withdrawal_refusal(assessment: Assessment) -> str | None:
    """Why this participant cannot leave the campaign, or None if it can.

    A unit holding the title (passed, or rectifying after a failed 复查) must
    not slip out of its rectification deadline and the 摘牌 that follows it.
    """
    if assessment.status == Status.WITHDRAWN:
        return None
    holds_title = assessment.award_id is not None and not assessment.award.is_revoked
    if assessment.status == Status.PASSED or (holds_title and assessment.status in WITHDRAWABLE):
        return _("“%s”持有称号，不能退出；如需摘牌，请通过复查下发限期整改书。") % (
            assessment.organisation.name
        )
    if assessment.status not in WITHDRAWABLE:
        return _("“%(org)s”当前状态为“%(status)s”，不能退出创建活动。") % {
            "org": assessment.organisation.name,
            "status": assessment.get_status_display(),
        }
    return None


def _has_activity(assessment: Assessment) -> bool:
    return (
        assessment.transitions.exists()
        or assessment.inspections.exists()
        or assessment.items.filter(Q(self_met__isnull=False) | ~Q(self_note="")).exists()
        or EvidencePhoto.objects.filter(item__assessment=assessment).exists()
    )


@transaction.atomic
def withdraw_participant(*, assessment: Assessment, by, note: str = "") -> Assessment | None:
    """The committee takes a participant out of the campaign.

    One that never started (no answer, photo, inspection or state change) is
    deleted, as if never added; any other is marked 已退出 and keeps its
    history, so what was assessed, inspected or noticed stays on record.
    Returns None when deleted.
    """
    assessment = _locked(assessment)
    if not can_schedule(by, assessment.organisation):
        raise PermissionDenied(_("您没有权限让“%s”退出创建活动。") % assessment.organisation.name)
    if assessment.status == Status.WITHDRAWN:
        return assessment
    refusal = withdrawal_refusal(assessment)
    if refusal:
        raise AssessmentError(refusal)
    if not _has_activity(assessment):
        assessment.delete()
        return None
    _move(assessment, Status.WITHDRAWN, by=by, note=note or _("由组织单位移出本次创建活动。"))
    return assessment


# Self-assessment and application ---------------------------------------------


@dataclass(frozen=True)
class Blocker:
    item: AssessmentItem
    reason: str

    def __str__(self) -> str:
        return f"{self.item.label}（{self.reason}）"


def blocking_items(assessment: Assessment) -> list[Blocker]:
    """What stands between the branch and its application, item by item."""
    blockers = []
    items = assessment.items.prefetch_related("photos")
    for item in items:
        if item.is_veto:
            if item.self_met is None:
                blockers.append(Blocker(item, _("否决项未确认")))
            elif not item.self_met:
                blockers.append(Blocker(item, _("存在一票否决情形")))
            continue
        if not item.is_required:
            continue
        if item.self_met is None:
            blockers.append(Blocker(item, _("未自查")))
        elif not item.self_met:
            blockers.append(Blocker(item, _("未达标")))
        elif item.photo_required and not item.photos.all():
            blockers.append(Blocker(item, _("缺少照片")))
    return blockers


def blocking_message(blockers: list[Blocker]) -> str:
    lines = "；".join(f"{n}. {b}" for n, b in enumerate(blockers, start=1))
    return _("以下 %(n)d 项不符合申报条件，暂不能申报：%(lines)s") % {
        "n": len(blockers),
        "lines": lines,
    }


@transaction.atomic
def save_self_assessment(
    *,
    assessment: Assessment,
    by,
    answers: dict[int, tuple[bool | None, str]],
    photos: dict[int, list] | None = None,
) -> Assessment:
    """Saves the branch's answers and photos together: one bad photo and nothing is saved."""
    assessment = _locked(assessment)
    if not can_manage(by, assessment.organisation):
        raise PermissionDenied(_("您没有权限填写该单位的自查。"))
    if not assessment.is_editable:
        raise AssessmentError(
            _("当前状态为“%(status)s”，自查结果不能修改。")
            % {"status": assessment.get_status_display()}
        )
    items = {item.pk: item for item in assessment.items.all()}
    unknown = set(answers) | set(photos or {})
    unknown -= set(items)
    if unknown:
        raise AssessmentError(_("提交的项目不属于本次自查，请刷新页面后重试。"))
    processed = []
    errors = []
    bad_photos: dict[str, list[str]] = {}
    for item_id, uploads in (photos or {}).items():
        for upload in uploads:
            try:
                processed.append((items[item_id], process_photo(upload)))
            except Exception as error:  # PhotoError; anything else is a bad file too
                errors.append(f"{items[item_id].text}：{error}")
                bad_photos.setdefault(f"photo-{item_id}", []).append(str(error))
    if errors:
        raise AssessmentError(
            _("照片未能保存：") + "；".join(errors),
            fields={name: "；".join(reasons) for name, reasons in bad_photos.items()},
        )
    changed = []
    for item_id, (met, note) in answers.items():
        item = items[item_id]
        note = (note or "").strip()
        if "\x00" in note:
            raise AssessmentError(str(NUL_MESSAGE), field=f"note-{item.pk}")
        if len(note) > 500:
            raise AssessmentError(
                _("“%s”的说明不能超过500字。") % item.text, field=f"note-{item.pk}"
            )
        item.self_met, item.self_note = met, note
        changed.append(item)
    AssessmentItem.objects.bulk_update(changed, ["self_met", "self_note"])
    for item, (display, thumbnail) in processed:
        EvidencePhoto.objects.create(item=item, image=display, thumbnail=thumbnail, uploaded_by=by)
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def apply_for_acceptance(*, assessment: Assessment, by) -> Assessment:
    """申报, or re-applies after rectification; refused with the exact blocking items."""
    assessment = _locked(assessment)
    if not can_manage(by, assessment.organisation):
        raise PermissionDenied(_("您没有权限为该单位申报。"))
    if assessment.status == Status.DRAFT:
        target = Status.SUBMITTED
    elif assessment.status == Status.RECTIFYING:
        target = Status.RESUBMITTED
    else:
        raise AssessmentError(
            _("当前状态为“%(status)s”，不能申报。") % {"status": assessment.get_status_display()}
        )
    blockers = blocking_items(assessment)
    if blockers:
        raise AssessmentError(blocking_message(blockers))
    assessment.applied_at = timezone.now()
    _move(assessment, target, by=by)
    return assessment


# Inspection -------------------------------------------------------------------


@transaction.atomic
def schedule_inspection(*, assessment: Assessment, kind: str, on: datetime.date, by) -> Inspection:
    """The committee plans a spot check (抽查) or the year-end re-inspection (复查)."""
    assessment = _locked(assessment)
    if not can_schedule(by, assessment.organisation):
        raise PermissionDenied(_("您没有权限安排复查。"))
    if kind not in {Inspection.Kind.SPOT_CHECK, Inspection.Kind.YEAR_END}:
        raise AssessmentError(_("只能安排抽查或年终复查。"))
    if assessment.status != Status.PASSED:
        raise AssessmentError(_("只有已达标的单位才安排复查。"))
    if on < timezone.localdate():
        raise AssessmentError(_("计划日期不能早于今天。"))
    return Inspection.objects.create(assessment=assessment, kind=kind, scheduled_on=on)


@transaction.atomic
def record_inspection(
    *,
    assessment: Assessment,
    by,
    verdicts: dict[int, tuple[bool, str]],
    passed: bool,
    comments: str = "",
    deadline: datetime.date | None = None,
    inspection: Inspection | None = None,
    on: datetime.date | None = None,
) -> Inspection:
    """An inspection-group member's verdict, per item and overall, and what follows from it.

    Acceptance (status submitted/resubmitted): pass grants the title through
    honours; fail sends a 限期整改书. A spot check or 复查 of a passed unit:
    fail sends a 限期整改书 and the title stays until its deadline.
    """
    assessment = _locked(assessment)
    if not can_inspect(by, assessment.organisation):
        raise PermissionDenied(_("只有考核验收小组成员可以录入验收结果。"))
    on = on or timezone.localdate()
    if inspection is not None:
        if inspection.assessment_id != assessment.pk or inspection.result != "pending":
            raise AssessmentError(_("该检查已录入结果，或不属于本单位。"))
        kind = inspection.kind
    elif assessment.awaiting_inspection:
        kind = Inspection.Kind.ACCEPTANCE
    elif assessment.status == Status.PASSED:
        kind = Inspection.Kind.SPOT_CHECK
    else:
        raise AssessmentError(
            _("当前状态为“%(status)s”，不能录入验收结果。")
            % {"status": assessment.get_status_display()}
        )
    if kind == Inspection.Kind.ACCEPTANCE and not assessment.awaiting_inspection:
        raise AssessmentError(_("该单位尚未申报，不能验收。"))
    if kind != Inspection.Kind.ACCEPTANCE and assessment.status != Status.PASSED:
        raise AssessmentError(_("只有已达标的单位才进行复查。"))

    items = list(assessment.items.all())
    missing = [item.label for item in items if item.pk not in verdicts]
    if missing:
        raise AssessmentError(_("以下项目未给出验收意见：") + "；".join(missing))
    for item in items:
        note = (verdicts[item.pk][1] or "").strip()
        if len(note) > text_limit(InspectionVerdict, "note"):
            raise AssessmentError(
                _("“%(item)s”的说明不能超过%(n)d字。")
                % {"item": item.text, "n": text_limit(InspectionVerdict, "note")}
            )
    failed = [item for item in items if not verdicts[item.pk][0]]
    failed_blocking = [item for item in failed if item.is_required or item.is_veto]
    comments = (comments or "").strip()
    if passed and failed_blocking:
        raise AssessmentError(
            _("以下必须项目未达标，不能判定为合格：")
            + "；".join(item.label for item in failed_blocking)
        )
    if not passed:
        if not failed:
            raise AssessmentError(_("判定不合格时，请至少标出一项未达标的项目。"))
        if deadline is None:
            raise AssessmentError(_("请填写整改期限。"))
        if deadline <= on:
            raise AssessmentError(_("整改期限须晚于检查日期。"))

    if inspection is None:
        inspection = Inspection(assessment=assessment, kind=kind)
    inspection.inspected_on = on
    inspection.inspector = by
    inspection.result = Inspection.Result.PASS if passed else Inspection.Result.FAIL
    inspection.comments = comments
    inspection.save()
    InspectionVerdict.objects.bulk_create(
        InspectionVerdict(
            inspection=inspection,
            item=item,
            met=bool(verdicts[item.pk][0]),
            note=(verdicts[item.pk][1] or "").strip(),
        )
        for item in items
    )

    if passed:
        if assessment.awaiting_inspection:
            _pass(assessment, by=by, on=on, comments=comments)
        return inspection

    notice = RectificationNotice.objects.create(
        assessment=assessment,
        inspection=inspection,
        number=notice_number(issuer=assessment.campaign.organiser, on=on),
        requirements=comments,
        issued_on=on,
        deadline=deadline,
    )
    notice.items.set(failed)
    assessment.rectify_deadline = deadline
    _move(
        assessment,
        Status.RECTIFYING,
        by=by,
        note=_("%(kind)s不合格，限%(deadline)s前整改：%(items)s")
        % {
            "kind": inspection.get_kind_display(),
            "deadline": f"{deadline:%Y年%m月%d日}",
            "items": "；".join(item.label for item in failed),
        },
    )
    return inspection


def notice_number(*, issuer: Organisation, on: datetime.date) -> str:
    """文号 of a 限期整改书: 县直机关工委整改〔2026〕3号, counted per issuing body and year.

    Called inside record_inspection's transaction, which holds the assessment's
    row lock; two inspection groups of one committee recording at the same
    instant would meet the unique number column and one would be asked to retry.
    """
    prefix = f"{issuer.short_name or issuer.name}整改〔{on.year}〕"
    taken = RectificationNotice.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1}号"


def _pass(assessment: Assessment, *, by, on: datetime.date, comments: str) -> None:
    campaign = assessment.campaign
    if assessment.award_id is None or assessment.award.is_revoked:
        try:
            assessment.award = grant_award(
                title=campaign.template.title_name,
                holder=assessment.organisation,
                period=f"{campaign.year}年度",
                reason=_("%(campaign)s验收合格。") % {"campaign": campaign.name},
                issuer=campaign.organiser,
                granted_on=on,
                source=f"activities.assessment:{assessment.pk}",
            )
        except ValidationError as error:
            raise AssessmentError("；".join(error.messages)) from error
    assessment.passed_on = assessment.passed_on or on
    assessment.rectify_deadline = None
    assessment.notices.filter(closed_on__isnull=True).update(closed_on=on)
    _move(assessment, Status.PASSED, by=by, note=comments)


# Deadlines (Celery beat) -------------------------------------------------------


@dataclass
class DeadlineReport:
    revoked: int = 0
    overdue: int = 0


def enforce_deadlines(*, today: datetime.date | None = None) -> DeadlineReport:
    """摘牌 for every unit whose rectification deadline passed while it still held the title.

    Units that never passed are only flagged overdue on the dashboard: they
    have no plaque to lose.
    """
    today = today or timezone.localdate()
    report = DeadlineReport()
    overdue = Assessment.objects.filter(
        status=Status.RECTIFYING, rectify_deadline__lt=today
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            assessment = _locked(Assessment(pk=pk))
            if assessment.status != Status.RECTIFYING or not assessment.rectify_overdue(today):
                continue
            award = assessment.award
            if award is None or award.is_revoked:
                report.overdue += 1
                continue
            notice = (
                assessment.notices.filter(closed_on__isnull=True)
                .select_related("inspection")
                .first()
            )
            reason = _(
                "%(campaign)s%(kind)s不合格，限期整改书要求于%(deadline)s前整改，"
                "期满仍未达标，予以摘牌。"
            ) % {
                "campaign": assessment.campaign.name,
                "kind": notice.inspection.get_kind_display() if notice else _("复查"),
                "deadline": f"{assessment.rectify_deadline:%Y年%m月%d日}",
            }
            revoke_award(award=award, reason=reason, on=today)
            _move(assessment, Status.REVOKED, by=None, note=reason)
            report.revoked += 1
    return report
