"""Admin forms for members and organisations: choices narrowed to what the user manages."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.chooser import BaseChooser

from portal.models import Member, MembershipChange, Organisation
from portal.permissions import organisations_in_scope, scope_for, scoped
from portal.services.members import email_in_use

OUT_OF_SCOPE = _("只能选择您所管理的组织（本组织及其下级组织）。")


class MemberAdminForm(WagtailAdminModelForm):
    """The member form: a secretary can only pick organisations in their own subtree."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("organisation")
        if field is not None and for_user is not None:
            field.queryset = organisations_in_scope(for_user)
            field.error_messages["invalid_choice"] = OUT_OF_SCOPE
            field.error_messages["required"] = _("请选择所在组织。")
        if "name" in self.fields:
            self.fields["name"].error_messages["required"] = _("请填写姓名。")


class MemberCreateForm(MemberAdminForm):
    """Adding a member also opens their account: an optional login name and email."""

    email = forms.EmailField(
        label=_("邮箱"),
        required=False,
        help_text=_(
            "填写后，设置密码的链接会发到这个邮箱；不填也可以，添加后页面上会显示链接，请转交本人。"
        ),
        error_messages={"invalid": _("请输入有效的邮箱地址。")},
    )
    username = forms.RegexField(
        label=_("登录用户名"),
        required=False,
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("可不填，系统会自动生成（如 m000123）。"),
        error_messages={"invalid": _("用户名只能包含字母、数字和 @ . + - _。")},
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and email_in_use(email):
            raise forms.ValidationError(_("该邮箱已被其他账号使用。"))
        return email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if username and get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username


# The member fields of 添加党员 (the admin's member panels) that a sheet row fills in too.
MEMBER_ROW_FIELDS = ["name", "gender", "status", "joined_on", "post", "duties", "phone"]


class MemberRowForm(forms.Form):
    """One row of an import sheet, checked by the same model fields as adding one member.

    The fields come from the model (`fields_for_model`, as the add form's do),
    with the model's own validators, so the name's and post's length, the phone
    pattern and the 政治面貌 choices apply to a sheet exactly as to 添加党员,
    and a rule added to a field reaches both. The messages quote the cell, which
    is what a secretary fixing a sheet needs. The organisation is found by the
    import's in-memory lookup (code or name, in scope), and taken phones and
    emails are looked up for the whole file at once, so a row costs no query.
    """

    email = forms.EmailField(required=False, max_length=254)

    def __init__(self, data, *, cells: dict[str, str]):
        super().__init__(data)
        for name, field in fields_for_model(Member, fields=MEMBER_ROW_FIELDS).items():
            model_validators = Member._meta.get_field(name).validators
            field.validators.extend(v for v in model_validators if v not in field.validators)
            self.fields[name] = field
        phone = _("手机号码「%(value)s」不是 11 位手机号码。") % {"value": cells.get("phone", "")}
        email = _("邮箱「%(value)s」格式不正确。") % {"value": cells.get("email", "")}
        messages = {
            "name": {
                "required": _("姓名不能为空。"),
                "max_length": _("姓名不能超过 %(limit_value)d 个字。"),
            },
            "status": {"required": _("政治面貌不能为空。")},
            "post": {"max_length": _("岗位不能超过 %(limit_value)d 个字。")},
            "phone": {"invalid": phone, "max_length": phone},
            "email": {"invalid": email, "max_length": email},
        }
        for name, field_messages in messages.items():
            self.fields[name].error_messages.update(field_messages)


class OrganisationAdminForm(WagtailAdminModelForm):
    """Committee staff add units only under their own committee, never above it."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        field = self.fields.get("parent")
        if field is None or for_user is None:
            return
        queryset = organisations_in_scope(for_user)
        if self.instance.pk:
            # A unit cannot move under itself or one of its own children.
            queryset = queryset.exclude(pk__in=Organisation.objects.subtree_of(self.instance))
        field.queryset = queryset
        field.error_messages["invalid_choice"] = OUT_OF_SCOPE
        scope = scope_for(for_user)
        if scope is not True:
            if self.instance.pk and scope is not None and self.instance.pk == scope.pk:
                # The committee's own root: its place in the tree is set by a superuser.
                field.disabled = True
            else:
                field.required = True
                field.error_messages["required"] = _("请选择上级组织。")
        for name, message in [
            ("name", _("请填写组织名称。")),
            ("kind", _("请选择组织类型。")),
            ("code", _("请填写组织编码。")),
        ]:
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        if "code" in self.fields:
            self.fields["code"].error_messages["invalid"] = _(
                "编码只能包含英文字母、数字、连字符和下划线。"
            )


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("请用导入模板填写，文件不超过 2 MB、不超过 2000 行。"),
        error_messages={
            "required": _("请选择要导入的 Excel 文件。"),
            "empty": _("文件是空的，请用模板填写党员信息后再上传。"),
            "invalid": _("上传的文件无效，请重新选择。"),
        },
    )


OUT_OF_SCOPE_MEMBER = _("只能选择您所管理的组织（本组织及其下级组织）中的党员。")


def narrow_chooser(field) -> None:
    """Make a chooser widget name only what `field.queryset` offers.

    Wagtail's chooser widget looks the posted id up in the whole table to show its
    title again, so a form refused for another branch's member by id would still
    print that member's name, and an id such as "abc" would be a server error.
    """
    widget = getattr(field, "widget", None)
    if not isinstance(widget, BaseChooser):
        return
    queryset = field.queryset

    def get_instance(value):
        if value is None or value == "":
            return None
        if isinstance(value, queryset.model):
            value = value.pk
        try:
            pk = queryset.model._meta.pk.to_python(value)
        except (ValidationError, ValueError, TypeError):
            return None
        return queryset.filter(pk=pk).first()

    widget.get_instance = get_instance


class ScopedModelForm(WagtailAdminModelForm):
    """An admin form whose organisation and member choices stop at the user's subtree.

    Every choice field over Organisation or Member is narrowed; a field over
    another model tied to an organisation is named in `scoped_fields` with the
    lookup from that model to its Organisation (e.g. {"team": "organisation"}).
    An id from outside the subtree, posted by hand, fails as an invalid choice.
    Use it as an edit handler's `base_form_class`.
    """

    scoped_fields: dict[str, str] = {}
    default_paths = {Organisation: "", Member: "organisation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            path = self.scoped_fields.get(name, self.default_paths.get(queryset.model))
            if path is None:
                continue
            field.queryset = scoped(queryset, self.for_user, path)
            narrow_chooser(field)
            message = OUT_OF_SCOPE_MEMBER if queryset.model is Member else OUT_OF_SCOPE
            field.error_messages["invalid_choice"] = message


class MembershipChangeForm(forms.Form):
    """组织关系: one form for the three steps; the service checks the rules."""

    kind = forms.ChoiceField(
        label=_("办理事项"),
        choices=MembershipChange.Kind.choices,
        widget=forms.RadioSelect,
        initial=MembershipChange.Kind.TRANSFER,
    )
    to_organisation = forms.ModelChoiceField(
        label=_("转入组织"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("组织关系转接：选择本系统内的党组织，党员的全部记录随之转入。"),
    )
    destination = forms.CharField(
        label=_("去向"),
        max_length=MembershipChange._meta.get_field("destination").max_length,
        required=False,
        help_text=_("转出：转往的单位；离开：原因，例如 退休、去世、出党。"),
    )
    happened_on = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=MembershipChange._meta.get_field("note").max_length,
        required=False,
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["to_organisation"].queryset = targets

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == MembershipChange.Kind.TRANSFER
            and not cleaned.get("to_organisation")
            and "to_organisation" not in self.errors
        ):
            self.add_error("to_organisation", _("组织关系转接请选择转入组织。"))
        return cleaned


class OrganisationCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("关闭日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
