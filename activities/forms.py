"""Reading the admin forms into the plain values the services take, with Chinese errors.

The self-assessment and inspection forms have one row per checklist item, so
they are parsed from field names (`met-<item id>`) rather than declared.
"""

import datetime
from itertools import groupby

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.admin.forms import WagtailAdminModelForm

from activities.models import Assessment, Inspection
from activities.services.assessment import AssessmentError, withdrawal_refusal
from activities.services.meetings import MeetingError
from portal.forms import OUT_OF_SCOPE, ScopedModelForm
from portal.models import Organisation
from portal.permissions import organisations_in_scope, scoped
from portal.text_limits import NUL_MESSAGE, too_long_message

MAX_PHOTOS_PER_ITEM = 6
# 验收意见 is a TextField; the inspection form still caps it.
INSPECTION_COMMENTS_MAX_LENGTH = 5000
YES, NO = "yes", "no"


def group_by_section(items) -> list[tuple[str, list]]:
    """Items under their section heading, keeping checklist order."""
    return [(section, list(rows)) for section, rows in groupby(items, key=lambda i: i.section)]


def parse_date(value, label: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        raise AssessmentError(
            _("%(label)s格式不正确，请按 2026-06-30 的格式填写。") % {"label": label}
        ) from None


def parse_year(value, *, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _yes_no(value) -> bool | None:
    if value == YES:
        return True
    if value == NO:
        return False
    return None


def parse_self_assessment(post, files, items) -> tuple[dict, dict]:
    """answers {item id: (met or None, note)} and photos {item id: [uploads]}."""
    answers, photos = {}, {}
    for item in items:
        value = post.get(f"met-{item.pk}", "")
        if value not in ("", YES, NO):
            raise AssessmentError(_("“%s”的自查结果无效，请重新选择。") % item.text)
        answers[item.pk] = (_yes_no(value), post.get(f"note-{item.pk}", ""))
        uploads = files.getlist(f"photo-{item.pk}")
        if len(uploads) > MAX_PHOTOS_PER_ITEM:
            raise AssessmentError(
                _("“%(item)s”一次最多上传%(n)d张照片。")
                % {"item": item.text, "n": MAX_PHOTOS_PER_ITEM}
            )
        if uploads:
            photos[item.pk] = uploads
    return answers, photos


def parse_inspection(post, items) -> dict:
    verdicts = {}
    for item in items:
        value = post.get(f"verdict-{item.pk}", "")
        met = _yes_no(value)
        if met is None:
            continue  # reported by the service, with every missing item named
        verdicts[item.pk] = (met, post.get(f"note-{item.pk}", ""))
    result = post.get("result", "")
    if result not in ("pass", "fail"):
        raise AssessmentError(_("请选择总体结论：合格或不合格。"))
    comments = post.get("comments", "")
    if "\x00" in comments:
        raise AssessmentError(str(NUL_MESSAGE), field="comments")
    if len(comments) > INSPECTION_COMMENTS_MAX_LENGTH:
        raise AssessmentError(
            too_long_message(Inspection, "comments", INSPECTION_COMMENTS_MAX_LENGTH)
        )
    deadline = None
    if result == "fail" and post.get("deadline"):
        deadline = parse_date(post.get("deadline"), _("整改期限"))
    return {
        "verdicts": verdicts,
        "passed": result == "pass",
        "comments": comments,
        "deadline": deadline,
    }


def parse_attendance(post, members) -> dict[int, tuple[bool, str]]:
    """Only members with a choice made are recorded; the rest stay unrecorded."""
    entries = {}
    for member in members:
        value = post.get(f"attendance-{member.pk}", "")
        if value == "":
            continue
        if value not in ("present", "absent"):
            raise MeetingError(_("“%s”的出勤选项无效。") % member.name)
        entries[member.pk] = (value == "present", post.get(f"reason-{member.pk}", ""))
    if not entries:
        raise MeetingError(_("请至少记录一名党员的出勤。"))
    return entries


class ScopedOrganisationForm(WagtailAdminModelForm):
    """Only organisations inside the user's subtree can be chosen."""

    organisation_field = "organisation"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.organisation_field)
        if field is None:
            return
        queryset = Organisation.objects.exclude(kind=Organisation.Kind.WINDOW).order_by("path")
        field.queryset = scoped(queryset, self.for_user, "")
        meeting = self.fields.get("meeting")
        if meeting is not None:
            meetings = meeting.queryset.select_related("organisation")
            meeting.queryset = scoped(meetings, self.for_user, "organisation")


class ChecklistTemplateForm(WagtailAdminModelForm):
    def content_changed(self) -> bool:
        """The template or any of its items was changed: the save is a new edition."""
        formsets_changed = any(formset.has_changed() for formset in self.formsets.values())
        return self.has_changed() or formsets_changed


class CampaignForm(ScopedModelForm):
    """The campaign and, on the same page, the branches or windows taking part.

    Unticking a participant withdraws it (see `services.assessment.withdraw_participant`);
    the organiser and the participants can only be chosen inside the user's subtree.
    """

    participants = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_lazy("参与单位"),
        help_text=_lazy(
            "活动室选党支部，服务窗口选窗口。取消勾选即退出本次活动：尚未自查的单位直接移除，"
            "已有自查或验收记录的标为“已退出”并保留记录；已达标持有称号的单位不能退出。"
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        field.queryset = organisations_in_scope(self.for_user).filter(
            kind__in=[Organisation.Kind.BRANCH, Organisation.Kind.WINDOW]
        )
        field.error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.current = {}
        if self.instance.pk:
            self.current = {
                a.organisation_id: a
                for a in self.instance.assessments.select_related("organisation", "award")
            }
            self.initial["participants"] = [
                org_id
                for org_id, a in self.current.items()
                if a.status != Assessment.Status.WITHDRAWN
            ]
        organiser = self.fields.get("organiser")
        if organiser is not None:
            organiser.queryset = organiser.queryset.filter(
                kind__in=[Organisation.Kind.COMMITTEE, Organisation.Kind.GENERAL_BRANCH]
            )
            organiser.error_messages["required"] = _lazy("请选择组织单位。")

    def withdrawn(self) -> list:
        """Participants the user could see and unticked; others' rows are not theirs to drop."""
        chosen = {org.pk for org in self.cleaned_data.get("participants") or []}
        visible = set(
            self.fields["participants"]
            .queryset.filter(pk__in=self.current)
            .values_list("pk", flat=True)
        )
        return [
            a
            for org_id, a in self.current.items()
            if org_id in visible
            and org_id not in chosen
            and a.status != Assessment.Status.WITHDRAWN
        ]

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("template")
        participants = cleaned.get("participants") or []
        kinds = {"room": {Organisation.Kind.BRANCH}, "window": {Organisation.Kind.WINDOW}}
        if template:
            wrong = [org.name for org in participants if org.kind not in kinds[template.kind]]
            if wrong:
                self.add_error(
                    "participants",
                    _("“%(template)s”只适用于%(kind)s，以下单位不符：%(names)s")
                    % {
                        "template": template.name,
                        "kind": _("党支部") if template.kind == "room" else _("服务窗口"),
                        "names": "、".join(wrong),
                    },
                )
        organiser = cleaned.get("organiser")
        if organiser:
            outside = [org.name for org in participants if not organiser.contains(org)]
            if outside:
                self.add_error(
                    "participants",
                    _("参与单位须是“%(organiser)s”的下级组织，以下单位不是：%(names)s")
                    % {"organiser": organiser.name, "names": "、".join(outside)},
                )
        if "participants" in cleaned:
            refusals = [
                refusal for a in self.withdrawn() if (refusal := withdrawal_refusal(a)) is not None
            ]
            if refusals:
                self.add_error("participants", "；".join(refusals))
        return cleaned

    def participant_changes(self) -> tuple[list, list]:
        """(organisations to add or bring back, assessments to withdraw), for the service."""
        chosen = list(self.cleaned_data.get("participants") or [])
        added = [
            org
            for org in chosen
            if org.pk not in self.current
            or self.current[org.pk].status == Assessment.Status.WITHDRAWN
        ]
        return added, self.withdrawn()
