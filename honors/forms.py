"""Admin forms: choices narrowed to the user's organisations, clear Chinese messages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from honors.models import CertificateBatch, Title
from portal.forms import OUT_OF_SCOPE, OUT_OF_SCOPE_MEMBER, narrow_chooser
from portal.models import Member, Organisation
from portal.permissions import scope_for, scoped, subtree_q


def _scoped_organisations(user):
    return scoped(Organisation.objects.active(), user, "")


def _narrow(form) -> None:
    """Out-of-scope ids posted by hand fail with a Chinese message and are never named."""
    for name, message in (
        ("organisation", OUT_OF_SCOPE),
        ("issuer", OUT_OF_SCOPE),
        ("member", OUT_OF_SCOPE_MEMBER),
    ):
        field = form.fields.get(name)
        if field is not None:
            field.error_messages["invalid_choice"] = message
            narrow_chooser(field)


def _issuing_committees(user):
    scope = scope_for(user)
    queryset = Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE)
    if scope is True:
        return queryset
    if scope is None:
        return queryset.none()
    return queryset.filter(Q(pk__in=scope.ancestors().values("pk")) | subtree_q(scope, ""))


class NominationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None:
            organisations = _scoped_organisations(user)
            if "organisation" in self.fields:
                self.fields["organisation"].queryset = organisations
            if "member" in self.fields:
                self.fields["member"].queryset = Member.objects.filter(
                    organisation__in=organisations
                )
            _narrow(self)

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        if member is not None and not (cleaned.get("person_name") or "").strip():
            cleaned["person_name"] = member.name
            self.instance.person_name = member.name
        elif member is None and not (cleaned.get("person_name") or "").strip():
            self.add_error("person_name", "请填写被提名人姓名，或选择一名党员。")
        return cleaned


class AwardForm(WagtailAdminModelForm):
    LOCKED = ("title", "member", "organisation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None:
            organisations = _scoped_organisations(user)
            for name in ("organisation", "issuer"):
                if name in self.fields:
                    self.fields[name].queryset = organisations
            if "issuer" in self.fields:
                # The issuer signs for units below it, so a committee above the user's own
                # unit may sign, as may one inside it; never another tree's committee.
                self.fields["issuer"].queryset = _issuing_committees(user)
                self.fields["issuer"].required = False
                self.fields["issuer"].help_text = "留空则由所属党委颁发。"
            if "member" in self.fields:
                self.fields["member"].queryset = Member.objects.filter(
                    organisation__in=organisations
                )
            _narrow(self)
        if "title" in self.fields:
            self.fields["title"].queryset = Title.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            for name in self.LOCKED:
                if name in self.changed_data:
                    self.add_error(
                        name, "已授予的称号不能更改称号或获得者；如需更改，请撤销后重新授予。"
                    )
            return cleaned
        title, member, organisation = (
            cleaned.get("title"),
            cleaned.get("member"),
            cleaned.get("organisation"),
        )
        if member and organisation:
            self.add_error("organisation", "获得者只能是一名党员或一个组织，请只选一项。")
        elif not member and not organisation:
            self.add_error("member", "请选择获得称号的党员或组织。")
        elif title is not None:
            if title.for_person and not member:
                self.add_error("member", f"称号“{title.name}”授予个人，请选择党员。")
            if not title.for_person and not organisation:
                self.add_error("organisation", f"称号“{title.name}”授予组织，请选择组织。")
        return cleaned

    def _post_clean(self):
        # The holder's unit is derived by the service; validate constraints
        # against it now so a duplicate grant shows as a form error.
        member, organisation = (
            self.cleaned_data.get("member"),
            self.cleaned_data.get("organisation"),
        )
        if not self.instance.pk and (member or organisation):
            self.instance.unit = member.organisation if member else organisation
        super()._post_clean()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("approve", "通过"), ("return", "退回")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择通过或退回。", "invalid_choice": "请选择通过或退回。"},
    )
    reason = forms.CharField(
        label="退回理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "退回时请填写理由。")
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="撤销理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写撤销理由。"},
    )
    revoked_on = forms.DateField(
        label="撤销日期",
        initial=timezone.localdate,
        error_messages={"required": "请填写撤销日期。", "invalid": "日期格式应为 2025-12-01。"},
    )


class BatchForm(forms.Form):
    kind = forms.ChoiceField(
        label="生成范围",
        choices=CertificateBatch.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择生成范围。"},
    )
    period = forms.CharField(
        label="期次",
        max_length=20,
        help_text="例如 2025年度。",
        error_messages={"required": "请填写期次。"},
    )
    title = forms.ModelChoiceField(
        label="称号", queryset=Title.objects.all(), required=False, help_text="按称号生成时选择。"
    )
    organisation = forms.ModelChoiceField(
        label="组织范围",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="留空则为您管理的全部组织。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _scoped_organisations(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == CertificateBatch.Kind.TITLE and not cleaned.get("title"):
            self.add_error("title", "按称号生成时请选择称号。")
        return cleaned


def as_form_error(form: forms.Form, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form, on fields the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
