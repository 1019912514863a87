"""Forms of the volunteers' pages: input shape and Chinese messages; rules stay in services."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.widgets import DateInput, DateTimeLocalInput, TimeInput
from volunteers.models import Activity, ServiceRecord, Team
from volunteers.models.teams import validate_id_number

DATE_INPUT = DateInput()
TIME_INPUT = TimeInput()
DATETIME_INPUT = DateTimeLocalInput()
HOURS_FIELD = {
    "max_digits": 4,
    "decimal_places": 1,
    "min_value": Decimal("0.5"),
    "max_value": Decimal("24"),
    "error_messages": {
        "invalid": _("请填写服务时长，例如 2 或 2.5。"),
        "min_value": _("服务时长应大于0小时。"),
        "max_value": _("一条记录的服务时长不能超过24小时。"),
        "max_decimal_places": _("服务时长以半小时为单位，例如 1.5 小时。"),
        "max_digits": _("服务时长不能超过24小时。"),
    },
}


def _aware(day, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


class RecordForm(forms.Form):
    """Hours entered by hand: a day, a start and end time, and the hours actually served."""

    team = forms.ModelChoiceField(label=_("服务队"), queryset=Team.objects.none(), empty_label=None)
    activity = forms.ModelChoiceField(
        label=_("活动（可不选）"), queryset=Activity.objects.none(), required=False
    )
    title = forms.CharField(label=_("活动名称"), max_length=100)
    served_on = forms.DateField(label=_("服务日期"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("开始时间"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("结束时间"), widget=TIME_INPUT)
    hours = forms.DecimalField(
        label=_("实际服务时长（小时，不含路途）"),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        **HOURS_FIELD,
    )
    place = forms.CharField(label=_("服务地点"), max_length=120)
    content = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, teams, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["activity"].queryset = (
            activities
            if activities is not None
            else (Activity.objects.filter(team__in=teams).ended().select_related("team"))
        )

    def clean(self):
        data = super().clean()
        if {"served_on", "start", "end"} <= data.keys():
            data["started_at"] = _aware(data["served_on"], data["start"])
            ended = _aware(data["served_on"], data["end"])
            if ended <= data["started_at"]:
                ended += timedelta(days=1)  # past midnight
            data["ended_at"] = ended
        return data


class BackEntryForm(forms.Form):
    """A leader back-enters hours for someone who was there without a phone."""

    member = forms.ModelChoiceField(label=_("志愿者"), queryset=None, empty_label=None)
    hours = forms.DecimalField(label=_("实际服务时长（小时）"), **HOURS_FIELD)
    content = forms.CharField(label=_("服务内容"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Activity.Kind.choices)
    place = forms.CharField(label=_("地点"), max_length=120)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME_INPUT)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME_INPUT)
    capacity = forms.IntegerField(
        label=_("招募人数"),
        min_value=1,
        max_value=10000,
        error_messages={"min_value": _("招募人数至少为1人。")},
    )
    sign_up_deadline = forms.DateTimeField(
        label=_("报名截止时间（可不填）"), widget=DATETIME_INPUT, required=False
    )
    description = forms.CharField(
        label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("通过")), ("return", _("退回"))])
    quality = forms.ChoiceField(
        label=_("质量评价"), choices=ServiceRecord.Quality.choices, required=False
    )
    reason = forms.CharField(label=_("退回理由"), required=False, max_length=500)


class CorrectionForm(forms.Form):
    proposed_hours = forms.DecimalField(label=_("应为时长（小时）"), required=False, **HOURS_FIELD)
    proposed_content = forms.CharField(
        label=_("应为服务内容"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    explanation = forms.CharField(
        label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("采纳")), ("0", _("不采纳"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("处理意见"), max_length=500)


class ScopeSelect(forms.Select):
    """The 台帐's scope list, joined in one pass.

    A committee's list holds every team and branch of a city (thousands), and
    the stock widget renders a template per option: seconds for one page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, attrs) | {"name": name}),
            options,
        )


class LedgerForm(forms.Form):
    scope = forms.ChoiceField(label=_("范围"), widget=ScopeSelect)
    start = forms.DateField(label=_("开始日期"), widget=DATE_INPUT)
    end = forms.DateField(label=_("结束日期"), widget=DATE_INPUT)

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("结束日期不能早于开始日期。"))
            if (data["end"] - data["start"]).days > 366 * 3:
                raise forms.ValidationError(_("一次最多导出三年的台帐。"))
        return data


class ProofForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE_INPUT)
    end = forms.DateField(label=_("截止日期"), widget=DATE_INPUT)
    id_number = forms.CharField(
        label=_("身份证号码"),
        required=False,
        max_length=18,
        validators=[validate_id_number],
        help_text=_("证明须载明志愿者身份证件号码（只印前三位和后四位），登记一次即可。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def __init__(self, *args, id_number_known: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.id_number_known = id_number_known
        if id_number_known:
            self.fields["id_number"].help_text = _("已登记；如需更正请重新填写，否则留空。")

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip().upper()
        if not value and not self.id_number_known:
            raise forms.ValidationError(_("请填写身份证号码：志愿服务记录证明须载明身份证件号码。"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("截止日期不能早于起始日期。"))
        return data
