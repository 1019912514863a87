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

from activities.services.assessment import AssessmentError
from activities.services.meetings import MeetingError
from portal.models import Organisation
from portal.permissions import scope_for

MAX_PHOTOS_PER_ITEM = 6
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
    deadline = None
    if result == "fail" and post.get("deadline"):
        deadline = parse_date(post.get("deadline"), _("整改期限"))
    return {
        "verdicts": verdicts,
        "passed": result == "pass",
        "comments": post.get("comments", "")[:5000],
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
        scope = scope_for(self.for_user)
        queryset = Organisation.objects.exclude(kind=Organisation.Kind.WINDOW).order_by("path")
        if scope is None:
            queryset = queryset.none()
        elif scope is not True:
            queryset = queryset.filter(path__startswith=scope.path)
        field.queryset = queryset
        meeting = self.fields.get("meeting")
        if meeting is not None:
            meetings = meeting.queryset.select_related("organisation")
            if scope is None:
                meetings = meetings.none()
            elif scope is not True:
                meetings = meetings.filter(organisation__path__startswith=scope.path)
            meeting.queryset = meetings


class ChecklistTemplateForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # A new edition: assessments already made keep the copy they took.
        formsets_changed = any(formset.has_changed() for formset in self.formsets.values())
        if self.instance.pk and (self.has_changed() or formsets_changed):
            self.instance.version += 1
        return super().save(commit=commit)


class CampaignForm(WagtailAdminModelForm):
    """The campaign and, on the same page, the branches or windows taking part."""

    participants = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_lazy("参与单位"),
        help_text=_lazy("活动室选党支部，服务窗口选窗口；已加入的单位不会被移出。"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(self.for_user)
        queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.BRANCH, Organisation.Kind.WINDOW]
        ).order_by("path")
        if scope is None:
            queryset = queryset.none()
        elif scope is not True:
            queryset = queryset.filter(path__startswith=scope.path)
        self.fields["participants"].queryset = queryset
        if self.instance.pk:
            self.initial["participants"] = list(
                self.instance.assessments.values_list("organisation_id", flat=True)
            )
        organiser = self.fields.get("organiser")
        if organiser is not None:
            organiser.queryset = Organisation.objects.filter(
                kind__in=[Organisation.Kind.COMMITTEE, Organisation.Kind.GENERAL_BRANCH]
            )

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("template")
        kinds = {"room": {Organisation.Kind.BRANCH}, "window": {Organisation.Kind.WINDOW}}
        if template:
            wrong = [
                org.name
                for org in cleaned.get("participants") or []
                if org.kind not in kinds[template.kind]
            ]
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
        return cleaned

    def save(self, commit=True):
        campaign = super().save(commit=commit)
        if commit:
            from activities.services.assessment import add_participants

            add_participants(
                campaign=campaign,
                organisations=list(self.cleaned_data.get("participants") or []),
                by=self.for_user,
            )
        return campaign
